import type { ReactNode } from 'react';

/**
 * The small markdown subset the reminders use (#### heading, > quote, - and 1. lists, **bold**,
 * [label](url)), shown as it looks in the DingTalk group. Built as React elements, never as HTML,
 * so an enterprise name can never inject markup.
 */
export function MarkdownText({ text }: { text: string }) {
  const blocks = text.split('\n');
  return (
    <div className="markdown-text">
      {blocks.map((line, i) => {
        const key = `${i}`;
        if (line.trim() === '') return <div key={key} className="markdown-gap" />;
        if (line.startsWith('#### ')) return <h4 key={key}>{inline(line.slice(5))}</h4>;
        if (line.startsWith('> ')) return <blockquote key={key}>{inline(line.slice(2))}</blockquote>;
        if (line.startsWith('- '))
          return (
            <p key={key} className="markdown-item">
              • {inline(line.slice(2))}
            </p>
          );
        return (
          <p key={key} className={/^\d+\. /.test(line) ? 'markdown-item' : undefined}>
            {inline(line)}
          </p>
        );
      })}
    </div>
  );
}

const TOKEN = /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (match.index > last) out.push(text.slice(last, match.index));
    const [, bold, label, href] = match;
    if (bold !== undefined) out.push(<strong key={match.index}>{bold}</strong>);
    else out.push(<LinkOut key={match.index} label={label ?? ''} href={href ?? ''} />);
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** A link into the app opens in place; anything else is shown but not followed from here. */
function LinkOut({ label, href }: { label: string; href: string }) {
  let path: string | null = null;
  try {
    const url = new URL(href, window.location.origin);
    if (url.origin === window.location.origin) path = `${url.pathname}${url.search}`;
    else if (url.protocol === 'https:' || url.protocol === 'http:') path = url.href;
  } catch {
    path = null;
  }
  return path ? <a href={path}>{label}</a> : <span>{label}</span>;
}
