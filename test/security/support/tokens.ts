/** Test key pairs and token minting: keys are generated per run, never committed. */
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { JWK, JWTPayload, KeyLike } from 'jose';
import { randomUUID } from 'node:crypto';

export interface TestKey {
  readonly alg: 'ES384' | 'RS384' | 'ES256';
  readonly kid: string;
  readonly privateKey: KeyLike;
  readonly publicKey: KeyLike;
  readonly publicJwk: JWK;
}

export async function makeKey(alg: TestKey['alg'], kid: string = randomUUID()): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicKey, publicJwk };
}

export interface MintOptions {
  readonly key: TestKey;
  readonly iss: string;
  readonly aud: string | string[];
  readonly now: Date;
  readonly jku?: string;
  /** Seconds relative to now. */
  readonly iatOffset?: number;
  readonly lifetime?: number;
  readonly jti?: string | null;
  readonly extra?: JWTPayload;
  readonly header?: Record<string, unknown>;
  readonly omit?: readonly ('exp' | 'iat' | 'jti' | 'aud')[];
}

export async function mint(options: MintOptions): Promise<string> {
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  const iat = nowSeconds + (options.iatOffset ?? 0);
  const payload: JWTPayload = {
    iss: options.iss,
    aud: options.aud,
    iat,
    exp: iat + (options.lifetime ?? 300),
    jti: options.jti === undefined ? randomUUID() : options.jti ?? undefined,
    ...options.extra,
  };
  for (const claim of options.omit ?? []) delete payload[claim];
  if (payload.jti === undefined) delete payload.jti;
  return new SignJWT(payload)
    .setProtectedHeader({
      alg: options.key.alg,
      kid: options.key.kid,
      typ: 'JWT',
      ...(options.jku !== undefined ? { jku: options.jku } : {}),
      ...options.header,
    } as { alg: string })
    .sign(options.key.privateKey);
}

export const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}
