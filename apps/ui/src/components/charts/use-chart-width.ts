'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * The chart's drawing width in CSS pixels, following its container, so SVG text is drawn at its real
 * size instead of being scaled with a fixed viewBox. Server rendering (and tests) use `fallback`.
 */
export function useChartWidth<E extends HTMLElement>(fallback = 640): [React.RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const measured = Math.floor(element.getBoundingClientRect().width);
      if (measured > 0) setWidth(Math.max(measured, 240));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
