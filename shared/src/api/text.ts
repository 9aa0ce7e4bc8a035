/**
 * Text Postgres cannot store or that is no Unicode at all: the NUL character and UTF-16 surrogates
 * without their pair. The API refuses such text once, at the door (400 text_invalid), for every
 * string it takes: path, query, JSON body and import cells.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasInvalidText(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}
