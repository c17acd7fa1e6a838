# The bot as a container: build with dev dependencies, run with production ones only, as a non-root user.
# docker build -t harassment-training-bot . && docker run -v bot-data:/data -e SLACK_BOT_TOKEN=… -e SLACK_SIGNING_SECRET=… -p 3000:3000 harassment-training-bot
# With PostgreSQL (several replicas, no volume): -e DATABASE_URL=postgres://user:password@host:5432/database instead of -v.
FROM node:20-bookworm-slim AS build
# better-sqlite3 is compiled when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# No DATABASE_PATH here: the default ./data/harassment-training.db is /data (a link), and DATABASE_URL can be
# set without contradicting it.
ENV NODE_ENV=production PORT=3000 MODEL_CACHE_DIR=/app/model-cache
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY content ./content
COPY examples ./examples
# The CLI on the PATH: docker exec <container> harassment-training stats
RUN mkdir -p /data /app/model-cache && chown node:node /data /app/model-cache && ln -s /data /app/data \
  && ln -s /app/dist/cli/main.js /usr/local/bin/harassment-training
USER node
# The answer model, trained once here into the model cache (MODEL_CACHE_DIR, a folder of the image, not /tmp,
# which a read-only root or a tmpfs would hide): a container's start reads it in under half a second and about
# 200 MB, instead of training it at every start (over half a minute and about 1.5 GB on two cores). Content mounted
# over /app/content is another model: each container's first start trains it (README, "Deploying").
RUN harassment-training model build
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/main.js"]
