/**
 * The district stores CEDS grade codes (sim/district/model.ts); Clever shows its own grade
 * vocabulary (the `grade`/`low_grade`/`high_grade` enums in spec/v3.0.yml).
 */
const CLEVER_GRADE_BY_CEDS: Readonly<Record<string, string>> = {
  IT: 'InfantToddler',
  PR: 'Preschool',
  PK: 'PreKindergarten',
  TK: 'TransitionalKindergarten',
  KG: 'Kindergarten',
  '13': '13',
  PS: 'PostGraduate',
  UG: 'Ungraded',
  Other: 'Other',
};

/** `01`..`12` become `1`..`12`; unknown codes become Clever's `Other`; empty stays empty. */
export function cleverGradeOf(cedsGrade: string): string {
  if (cedsGrade === '') return '';
  const named = CLEVER_GRADE_BY_CEDS[cedsGrade];
  if (named !== undefined) return named;
  if (/^(0[1-9]|1[0-2])$/.test(cedsGrade)) return String(Number(cedsGrade));
  return 'Other';
}
