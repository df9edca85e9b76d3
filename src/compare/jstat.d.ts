/** The part of jstat (no bundled types) that ratio-test.ts uses: Student's t distribution. */
declare module 'jstat' {
  export const jStat: {
    studentt: {
      cdf(x: number, degreesOfFreedom: number): number;
      inv(probability: number, degreesOfFreedom: number): number;
    };
  };
}
