// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "build/**",
      ".data/**",
      ".reports/**",
      ".scratch/**",
      "**/.astro/**",
      "**/.builds/**",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      ecmaVersion: 2024,
      sourceType: "module",
      // Entities need value imports for decorator metadata; this keeps the type-import rule off them.
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      "@typescript-eslint/no-empty-object-type": "off",
      "no-console": "error",
    },
  },
  // Formatting is Prettier's (npm run format); the lint rules that would argue with it are off.
  prettier,
);
