import { TextArea } from 'antd-mobile';
import { textLength } from '@coordnet/shared/domain/text';

/**
 * A text area whose counter counts as the server does (shared `textLength`: trimmed, in code
 * points) and turns red past the limit. antd-mobile's own counter and `maxLength` count what shows
 * as one character and would let 👍🏽 or a ZWJ family pass the counter, then fail on save.
 */
export function CountedTextArea({
  id,
  ariaLabel,
  value,
  onChange,
  max,
  placeholder,
  minRows = 3,
  maxRows = 8,
}: {
  id?: string;
  /** When no visible label names it. */
  ariaLabel?: string;
  value: string;
  onChange: (value: string) => void;
  max: number;
  placeholder?: string;
  minRows?: number;
  maxRows?: number;
}) {
  const length = textLength(value);
  return (
    <>
      <TextArea
        id={id}
        aria-label={ariaLabel}
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
