# One image for the booking server, the app and migrations (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /srv
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY app/package.json app/
COPY db/package.json db/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx turbo run build
ENV NODE_ENV=production
