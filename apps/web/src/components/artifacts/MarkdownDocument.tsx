import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { CodeView } from './CodeView';

// Markdown rendered as React elements. react-markdown never renders raw HTML from the text
// (it is shown as text), and rehype-sanitize (GitHub's allow-list) drops anything unsafe
// that Markdown itself could produce, such as javascript: links.

const components: Components = {
  code({ className, children }) {
    const language = /language-([\w+#.-]+)/.exec(className ?? '')?.[1] ?? null;
    // A code element's children are its text (one string, or strings).
    const text =
      typeof children === 'string'
        ? children
        : Array.isArray(children)
          ? children.filter((child) => typeof child === 'string').join('')
          : '';
    // Inline code has no language and no newline; fenced blocks get the highlighter.
    if (language === null && !text.includes('\n')) return <code>{children}</code>;
    return <CodeView code={text} language={language} label={language === null ? 'Code' : `${language} code`} />;
  },
  pre({ children }) {
    return <>{children}</>;
  },
  a({ href, children }) {
    // Links between files of a bundle mean nothing inside the dashboard: shown, not followed.
    if (href === undefined || !/^https?:\/\//.test(href)) return <span className="markdown__link">{children}</span>;
    return (
      <a href={href} target="_blank" rel="noreferrer noopener">
        {children}
      </a>
    );
  },
};

export function MarkdownDocument({ markdown, label }: { markdown: string; label: string }) {
  return (
    <div className="markdown" aria-label={label} role="document">
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} components={components}>
        {markdown}
      </ReactMarkdown>
    </div>
  );
}
