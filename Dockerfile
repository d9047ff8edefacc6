# One image, three roles: `server`, `worker` or `bot` (plus `migrate`, run once
# per release, and `mall` for the staff CLI).
# Build: docker build -t mall .   Run: docker run mall server

# Build stage: every dependency, then tsc compiles the server, back office, bot,
# CLI and @mall/locale into build/<workspace>/src (tsconfig.build.json).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY locale/package.json locale/
COPY server/package.json server/
COPY admin/package.json admin/
COPY cli/package.json cli/
COPY bots/package.json bots/
COPY sites/package.json sites/
COPY e2e/package.json e2e/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY locale locale
COPY server server
COPY admin admin
COPY cli cli
COPY bots bots
RUN npm run build

# Production stage: production dependencies only and the compiled JavaScript of
# the server, bot and CLI; the back office keeps its sources beside its compiled
# files (AdminJS bundles the custom components from them), and sites/ is its
# sources (Astro builds the store sites; Node runs the build script directly).
# @mall/locale is its sources (Vite bundles them into the islands) with its
# compiled files beside them, which the roles import (the entry point's
# mall-compiled condition: no TypeScript stripper in their memory).
FROM node:24-bookworm-slim AS production
ENV NODE_ENV=production
WORKDIR /app
# Debian's ffmpeg: the media job remuxes uploaded videos without their metadata (GPS, device), copying streams only.
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY locale/package.json locale/
COPY server/package.json server/
COPY admin/package.json admin/
COPY cli/package.json cli/
COPY bots/package.json bots/
COPY sites/package.json sites/
COPY e2e/package.json e2e/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY locale/src locale/src
COPY --from=build /app/build/locale/src locale/src
COPY --from=build /app/build/server/src server/src
COPY --from=build /app/build/bots/src bots/src
COPY --from=build /app/build/cli/src cli/src
COPY cli/bin cli/bin
COPY admin/src admin/src
COPY --from=build /app/build/admin/src admin/src
# Vite reads sites/tsconfig.json, which extends the root's base configuration.
COPY tsconfig.base.json ./
COPY sites/astro.config.mjs sites/tsconfig.json sites/
COPY sites/src sites/src
COPY deploy/docker-entrypoint.sh /usr/local/bin/mall-entrypoint
# Site builds write into sites/ (.builds/, .astro/, node_modules/.astro cache) as the node user.
RUN chmod +x /usr/local/bin/mall-entrypoint \
  && rm -f locale/src/*.test.ts \
  && mkdir -p /app/.data /app/sites/node_modules \
  && chown -R node:node /app/.data /app/sites
# The back office's components bundle, built once here with the files the image keeps (admin/bundle/, content-hashed):
# the server serves that file and never loads the bundler (rollup, babel) into its memory.
RUN node admin/src/build-bundle.js
USER node
EXPOSE 3000
ENTRYPOINT ["mall-entrypoint"]
CMD ["server"]
