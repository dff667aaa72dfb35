/** A command-line mistake: reported with the usage hint and exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Options a command accepts: value options take the next word (or `=value`); flags take none; repeatable ones collect. */
export interface OptionSpec {
  values?: readonly string[];
  flags?: readonly string[];
  repeatable?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string>;
  lists: Record<string, string[]>;
  flags: Set<string>;
}

/** Parses `--name value`, `--name=value`, flags and positionals; unknown or incomplete options are UsageErrors. */
export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], values: {}, lists: {}, flags: new Set() };
  const takesValue = (name: string) => spec.values?.includes(name) || spec.repeatable?.includes(name);
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('--') || word === '--') {
      parsed.positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.slice(2, eq >= 0 ? eq : undefined);
    if (spec.flags?.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      parsed.flags.add(name);
      continue;
    }
    if (!takesValue(name)) throw new UsageError(`unknown option --${name}`);
    const value = eq >= 0 ? word.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    if (spec.repeatable?.includes(name)) (parsed.lists[name] ??= []).push(value);
    else if (name in parsed.values) throw new UsageError(`--${name} given twice`);
    else parsed.values[name] = value;
  }
  return parsed;
}

/** A whole number option within [min, max], or the fallback when absent. */
export function integerOption(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = args.values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}; got '${raw}'`);
  }
  return value;
}

/** `key=value` pairs of --set: numbers, true/false, or text. */
export function settingsOption(pairs: readonly string[] = []): Record<string, number | string | boolean> {
  const settings: Record<string, number | string | boolean> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects key=value; got '${pair}'`);
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    settings[key] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return settings;
}

/** What kind of value each setting key takes, from a method's or algorithm's description. */
export interface SettingKinds {
  numbers: readonly string[];
  /** Choices and text settings: kept as given (so `--set clamp=0` or a numeric-looking option stays text). */
  strings: readonly string[];
}

/** `key=value` pairs read by the setting's kind: numbers for numeric keys (else a UsageError), text for choices and texts. */
export function typedSettings(pairs: readonly string[] = [], kinds: SettingKinds): Record<string, number | string | boolean> {
  const settings = settingsOption(pairs);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    if (kinds.strings.includes(key)) settings[key] = raw;
    else if (kinds.numbers.includes(key) && typeof settings[key] !== 'number') throw new UsageError(`--set ${key} needs a number; got '${raw}'`);
  }
  return settings;
}

/** The kinds of the settings of a method or algorithm description. */
export function settingKinds(info: { hyperparameters: readonly { key: string }[]; choices?: readonly { key: string }[]; texts?: readonly { key: string }[] }): SettingKinds {
  return { numbers: info.hyperparameters.map((h) => h.key), strings: [...(info.choices ?? []), ...(info.texts ?? [])].map((c) => c.key) };
}
