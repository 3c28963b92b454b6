import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const disableTypeChecked = tseslint.configs.disableTypeChecked;

export default tseslint.config(
  { ignores: ['dist', 'coverage', 'node_modules', 'test/fixtures'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.js'],
    ...disableTypeChecked,
    languageOptions: {
      ...disableTypeChecked.languageOptions,
      globals: { console: 'readonly', process: 'readonly' },
    },
  },
);
