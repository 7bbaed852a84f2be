# The image compose.yaml runs: a production build of Latchkey. better-sqlite3 builds from source where
# no prebuilt binary fits, hence python3, make and g++.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm install
COPY . .
RUN npm run build
EXPOSE 3000
CMD ["node", "scripts/start.mjs"]
