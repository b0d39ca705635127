import { Highlight, themes } from 'prism-react-renderer';
import { useTheme } from '../ThemeProvider';

interface CodeViewProps {
  code: string;
  /** Prism's language name; null shows plain text. */
  language: string | null;
  label: string;
}

/** Highlighted code as React elements (tokens are text nodes: nothing from the code becomes markup), with line numbers. */
export function CodeView({ code, language, label }: CodeViewProps) {
  const { resolved } = useTheme();
  return (
    <Highlight code={code.replace(/\n$/, '')} language={language ?? 'text'} theme={resolved === 'dark' ? themes.vsDark : themes.github}>
      {({ className, style, tokens, getLineProps, getTokenProps }) => (
        <pre className={`code-view ${className}`} style={style} tabIndex={0} aria-label={label}>
          {tokens.map((line, lineIndex) => (
            <div key={lineIndex} {...getLineProps({ line })}>
              <span className="code-view__number" aria-hidden="true">
                {lineIndex + 1}
              </span>
              {line.map((token, tokenIndex) => (
                <span key={tokenIndex} {...getTokenProps({ token })} />
              ))}
            </div>
          ))}
        </pre>
      )}
    </Highlight>
  );
}
