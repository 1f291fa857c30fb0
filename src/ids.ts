/** Identity for cards and suggestions (UUID v4); injected into the clinical core as `newId`. */
import { randomUUID } from 'node:crypto';
import type { NewId } from './clinical/types';

export const randomId: NewId = () => randomUUID();
