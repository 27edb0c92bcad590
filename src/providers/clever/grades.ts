/**
 * Clever grade vocabulary (the `grade` enum in the v3.0 definitions) → CEDS grade codes used by
 * the canonical roster (src/domain/roster.ts). `""` means "not given" and maps to undefined.
 */
const CEDS_BY_CLEVER_GRADE: Readonly<Record<string, string>> = {
  InfantToddler: 'IT',
  Preschool: 'PR',
  PreKindergarten: 'PK',
  TransitionalKindergarten: 'TK',
  Kindergarten: 'KG',
  '13': '13',
  PostGraduate: 'PS',
  Ungraded: 'UG',
  Other: 'Other',
};

export function cedsGradeOf(cleverGrade: string | null | undefined): string | undefined {
  if (cleverGrade === null || cleverGrade === undefined || cleverGrade === '') return undefined;
  const named = CEDS_BY_CLEVER_GRADE[cleverGrade];
  if (named !== undefined) return named;
  // "1".."12" → "01".."12"
  if (/^([1-9]|1[0-2])$/.test(cleverGrade)) return cleverGrade.padStart(2, '0');
  return 'Other';
}
