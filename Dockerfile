# One image, three roles: `server`, `worker` or `bot` (and `migrate`, run once per release).
# Build: docker build -t mall .   Run: docker run mall server

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY admin/package.json admin/
COPY cli/package.json cli/
COPY bots/package.json bots/
COPY sites/package.json sites/
COPY e2e/package.json e2e/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY server server
COPY admin admin
COPY cli cli
COPY bots bots
COPY sites sites
RUN npm run build

FROM node:24-bookworm-slim AS production
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY admin/package.json admin/
COPY cli/package.json cli/
COPY bots/package.json bots/
COPY sites/package.json sites/
COPY e2e/package.json e2e/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/server/dist server/dist
COPY deploy/docker-entrypoint.sh /usr/local/bin/mall-entrypoint
RUN chmod +x /usr/local/bin/mall-entrypoint && mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
ENTRYPOINT ["mall-entrypoint"]
CMD ["server"]
