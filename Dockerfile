# syntax=docker/dockerfile:1
# Build stage: compiles better-sqlite3 against this Node and installs production dependencies.
FROM node:20-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev

# Run stage: no compilers, a non-root user, the database on a volume.
FROM node:20-slim
ENV NODE_ENV=production \
    DATABASE_PATH=/data/classguard.db \
    CONSOLE=off
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY adapters ./adapters
COPY content ./content
COPY migrations ./migrations
COPY scripts ./scripts
RUN groupadd --system classguard && useradd --system --gid classguard --home /app classguard \
    && mkdir -p /data && chown classguard:classguard /data
USER classguard
VOLUME ["/data"]
CMD ["npm", "start"]
