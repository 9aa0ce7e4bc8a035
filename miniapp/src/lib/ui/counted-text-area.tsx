import { TextArea } from 'antd-mobile';

/**
 * The length the server checks: zod trims, then counts Unicode code points, so 👍🏽 (emoji and
 * skin tone), 🇨🇳 or a ZWJ family count 2, 2 and 5. antd-mobile's own counter counts what shows as
 * one character and would let such a text pass its counter, then fail on save.
 */
export const serverLength = (text: string) => [...text.trim()].length;

/** A text area whose counter counts as the server does and turns red past the limit. */
export function CountedTextArea({
  id,
  value,
  onChange,
  max,
  placeholder,
  minRows = 3,
  maxRows = 8,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  max: number;
  placeholder?: string;
  minRows?: number;
  maxRows?: number;
}) {
  const length = serverLength(value);
  return (
    <>
      <TextArea
        id={id}
        placeholder={placeholder}
        value={value}
        onChange={onChange}
        autoSize={{ minRows, maxRows }}
      />
      <div className={length > max ? 'text-count text-count-over' : 'text-count'} aria-live="polite">
        {length}/{max}
      </div>
    </>
  );
}
