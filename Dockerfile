# One image for both roles; docker-compose picks the entry point per service.
# GPU workers (compose's worker-gpu): --build-arg ORT_INSTALL=cuda12 fetches onnxruntime-node's
# CUDA provider (not in its npm package; .npmrc skips it), and RUNTIME_IMAGE puts the CUDA 12 and
# cuDNN 9 libraries it loads under the app, e.g. nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04.
ARG RUNTIME_IMAGE=node:20-bookworm-slim

FROM node:20-bookworm-slim AS build
ARG ORT_INSTALL=skip
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci
RUN if [ "$ORT_INSTALL" != "skip" ]; then ONNXRUNTIME_NODE_INSTALL="$ORT_INSTALL" node node_modules/onnxruntime-node/script/install.js; fi
COPY . .
RUN npm run build && npm prune --omit=dev

FROM ${RUNTIME_IMAGE}
WORKDIR /app
ENV NODE_ENV=production
# A CUDA base has no Node: bring the build stage's (its glibc is older than the CUDA images' Ubuntu).
COPY --from=build /usr/local/bin/node /usr/local/bin/node
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# DATA_DIR (./data): the gateway's collections database; mount a volume here to keep it.
# uid 1000: "node" in the Node image, "ubuntu" in the CUDA ones.
RUN mkdir -p /app/data && chown 1000:1000 /app/data
USER 1000:1000
CMD ["node", "dist/apps/gateway/src/main.js"]
