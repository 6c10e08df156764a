// Lint rules that guard the architecture: pure computation (core … registration) never imports
// Babylon, Cornerstone rendering or the DOM, so it runs in Node, the CLI and workers.
import tseslint from 'typescript-eslint';

const PURE = ['src/core/**', 'src/dicom/**', 'src/volume/**', 'src/segmentation/**', 'src/meshing/**', 'src/twin/**', 'src/planning/**', 'src/simulation/**', 'src/registration/**', 'src/samples/**'];
const DOM_GLOBALS = ['window', 'document', 'navigator', 'HTMLElement', 'HTMLCanvasElement', 'localStorage', 'sessionStorage', 'requestAnimationFrame', 'alert'].map((name) => ({
  name,
  message: 'pure stages must not touch the DOM (move this to src/ui or src/scene)',
}));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.cache/**', 'dicom-samples/**', 'test-output/**', 'public/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: PURE,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@babylonjs/*'], message: 'pure stages must not import Babylon (use src/scene)' },
          { group: ['@cornerstonejs/core', '@cornerstonejs/tools'], message: 'pure stages must not import Cornerstone rendering (use src/ui)' },
          { group: ['node:*', 'fs', 'path', 'child_process'], message: 'pure stages run in the browser too: no Node built-ins (use src/cli)' },
          { group: ['**/ui/**', '**/scene/**', '**/xr/**', '**/workers/**', '**/cli/**'], message: 'pure stages must not depend on app layers' },
        ],
      }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
    },
  },
  {
    files: ['src/samples/writeDicom*.ts', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
