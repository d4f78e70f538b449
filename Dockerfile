# One image for both roles; docker-compose picks the entry point per service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# DATA_DIR (./data): the gateway's collections database; mount a volume here to keep it.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
CMD ["node", "dist/apps/gateway/src/main.js"]
