/** Minimal typing of @lhncbc/ucum-lhc (the package ships none): only what src/fhir/ucum.ts calls. */
declare module '@lhncbc/ucum-lhc' {
  export interface UcumConversion {
    readonly status: 'succeeded' | 'failed' | 'error';
    readonly toVal: number | null;
    readonly msg: readonly string[];
  }
  export interface UcumLhcUtilsInstance {
    convertUnitTo(
      fromUnitCode: string,
      fromVal: number,
      toUnitCode: string,
      options?: { readonly molecularWeight?: number; readonly suggest?: boolean },
    ): UcumConversion;
  }
  export const UcumLhcUtils: { getInstance(): UcumLhcUtilsInstance };
}
