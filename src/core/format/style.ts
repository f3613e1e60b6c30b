// Terminal styling as plain functions, so formatters stay pure and the CLI decides when colour is on.

/** Wraps text in one style; the identity when colour is off. */
export type Paint = (text: string) => string;

/** The few styles the text report uses. */
export interface Style {
  bold: Paint;
  dim: Paint;
  red: Paint;
  yellow: Paint;
  green: Paint;
  blue: Paint;
  cyan: Paint;
}

const plain: Paint = (text) => text;

function ansi(open: number, close: number): Paint {
  return (text) => (text ? `\u001b[${open}m${text}\u001b[${close}m` : text);
}

/** ANSI styles when `color` is true, plain text otherwise. */
export function makeStyle(color: boolean): Style {
  if (!color)
    return {
      bold: plain,
      dim: plain,
      red: plain,
      yellow: plain,
      green: plain,
      blue: plain,
      cyan: plain,
    };
  return {
    bold: ansi(1, 22),
    dim: ansi(2, 22),
    red: ansi(31, 39),
    yellow: ansi(33, 39),
    green: ansi(32, 39),
    blue: ansi(34, 39),
    cyan: ansi(36, 39),
  };
}

/** Removes ANSI escapes, for width calculations and tests. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
