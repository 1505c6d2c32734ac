import { mergeConfig } from 'vitest/config';
import { projectTestConfig } from '../../vitest.shared.ts';

// tsconfig says `jsx: preserve` (Next compiles JSX itself); the component tests need Vite to compile it.
export default mergeConfig(projectTestConfig(import.meta.dirname, { include: ['src/**/*.test.ts'] }), { oxc: { jsx: { runtime: 'automatic' } } });
