import { memo, type CSSProperties } from 'react';
import { cn } from '../../../utils/cn';
import { PALETTE, parseAnsi, stripAnsi, type AnsiSegment } from './ansi';

/**
 * One log line, as text only: with `colours`, its SGR colours and weights as styled spans (from
 * our palette, never from the line), otherwise stripped. Nothing in the line becomes markup.
 */
export const AnsiLine = memo(function AnsiLine({
  text,
  colours,
}: {
  text: string;
  colours: boolean;
}) {
  if (!colours) return stripAnsi(text);
  return parseAnsi(text).map((segment, i) => {
    const look = lookOf(segment);
    return look ? (
      <span key={i} className={look.className} style={look.style}>
        {segment.text}
      </span>
    ) : (
      segment.text
    );
  });
});

/**
 * A coloured background is shown with the panel's own background colour as text: the pair has
 * the same contrast as the palette colour on the panel, which is what PALETTE guarantees.
 */
function lookOf(segment: AnsiSegment): { className: string; style?: CSSProperties } | undefined {
  const weight = cn(
    segment.bold && 'font-bold',
    segment.italic && 'italic',
    segment.underline && 'underline',
    segment.strikethrough && !segment.underline && 'line-through',
  );
  if (segment.background) {
    const { light, dark } = PALETTE[segment.background];
    return {
      className: cn(
        'bg-(color:--ansi-light) text-white dark:bg-(color:--ansi-dark) dark:text-zinc-950',
        weight,
      ),
      style: { '--ansi-light': light, '--ansi-dark': dark } as CSSProperties,
    };
  }
  if (segment.colour) {
    const { light, dark } = PALETTE[segment.colour];
    return {
      className: cn('text-(color:--ansi-light) dark:text-(color:--ansi-dark)', weight),
      style: { '--ansi-light': light, '--ansi-dark': dark } as CSSProperties,
    };
  }
  return weight ? { className: weight } : undefined;
}
