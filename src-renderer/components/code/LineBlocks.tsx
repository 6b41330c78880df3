import { useEffect, useRef, useState, type ReactNode } from 'react';

/** Lines per block; files up to two blocks render whole. */
export const BLOCK = 200;
/** The .code line box (12.5px × 1.55): a first guess at a block's height before it was ever drawn. */
const LINE_PX = 19.4;

/**
 * A long listing in blocks of lines: only blocks near the scrolled view are in the DOM, the others
 * are empty boxes of their last measured height (or a guess), so an 11,000-line file opens as fast
 * as a short one while long lines still wrap. Blocks come and go with an IntersectionObserver
 * rooted at the scrolling `<pre>`.
 */
export function LineBlocks({ count, line }: { count: number; line(i: number): ReactNode }) {
  if (count <= BLOCK * 2) return <>{Array.from({ length: count }, (_, i) => line(i))}</>;
  const blocks = Math.ceil(count / BLOCK);
  return (
    <>
      {Array.from({ length: blocks }, (_, b) => (
        <Block key={b} first={b === 0} from={b * BLOCK} to={Math.min(count, (b + 1) * BLOCK)} line={line} />
      ))}
    </>
  );
}

function Block({ first, from, to, line }: { first: boolean; from: number; to: number; line(i: number): ReactNode }) {
  const ref = useRef<HTMLSpanElement>(null);
  const height = useRef((to - from) * LINE_PX);
  const [shown, setShown] = useState(first);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = el.closest('pre');
    const io = new IntersectionObserver(
      ([entry]) => {
        if (!entry) return;
        if (!entry.isIntersecting) height.current = el.getBoundingClientRect().height || height.current;
        setShown(entry.isIntersecting);
      },
      { root, rootMargin: '1200px 0px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, []);
  return (
    <span ref={ref} className="code-block" data-lines={`${from + 1}-${to}`} style={shown ? undefined : { height: height.current }}>
      {shown ? Array.from({ length: to - from }, (_, k) => line(from + k)) : null}
    </span>
  );
}
