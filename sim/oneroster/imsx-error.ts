/**
 * OneRoster 1.1 status reporting (REST binding §3.3, imsx_StatusInfo): every failure carries a
 * codeMajor, a severity, a description and a codeMinor naming the problem. The codeMinor
 * values below are the ones the 1.1 binding lists for the rostering service.
 */
export type ImsxCodeMinor =
  | 'unauthorisedrequest'
  | 'forbidden'
  | 'invalid_filter_field'
  | 'invalid_selection_field'
  | 'invalid_sort_field'
  | 'invalid_data'
  | 'unknownobject'
  | 'server_busy'
  | 'internal_server_error';

export interface ImsxStatusInfo {
  imsx_codeMajor: 'failure';
  imsx_severity: 'error';
  imsx_description: string;
  imsx_CodeMinor: {
    imsx_codeMinorField: { imsx_codeMinorFieldName: 'TargetEndSystem'; imsx_codeMinorFieldValue: ImsxCodeMinor }[];
  };
}

export function imsxFailure(codeMinor: ImsxCodeMinor, description: string): ImsxStatusInfo {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: description,
    imsx_CodeMinor: {
      imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor }],
    },
  };
}

/** A request the rostering routes refuse; the app turns it into the imsx body and status. */
export class ImsxRequestError extends Error {
  override readonly name = 'ImsxRequestError';
  constructor(
    readonly status: 400 | 401 | 404,
    readonly codeMinor: ImsxCodeMinor,
    message: string,
  ) {
    super(message);
  }
}
