# syntax=docker/dockerfile:1
# Production image: the API and the built mini-app on one port, talking to Postgres (DATABASE_URL).

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY miniapp/package.json miniapp/
RUN npm ci --no-audit --no-fund
COPY . .
# The image runs on PostgreSQL: the embedded database's first-start template (40 MB) stays behind.
RUN npm run build && rm -rf server/dist/pglite-template

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY miniapp/package.json miniapp/
RUN npm ci --omit=dev --workspace server --include-workspace-root=false --no-audit --no-fund

FROM node:24-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_DIR=/var/lib/coordnet
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/miniapp/dist miniapp/dist
COPY --from=build /app/migrations migrations
RUN mkdir -p /var/lib/coordnet && chown node:node /var/lib/coordnet
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-old-space-size=192", "--max-semi-space-size=16", "server/dist/server.js"]
