/** Where an import went wrong: the file, and the row and column (CSV) or pixel (images) when one is at fault. */
export interface ImportLocation {
  file?: string;
  row?: number;
  column?: number;
  pixel?: { x: number; y: number };
}

/** An import refused because of its input; the message names the place at fault and what to do. Nothing was stored. */
export class DatasetImportError extends Error {
  constructor(
    message: string,
    readonly location: ImportLocation = {},
  ) {
    super(message);
    this.name = 'DatasetImportError';
  }
}

/** An import option out of range (threshold, size, test fraction, …); the message names the option and its range. */
export class ImportOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportOptionError';
  }
}
