# syntax=docker/dockerfile:1
# twinsolve as one image for the API pods (`twinsolve serve`), the workers (`twinsolve worker`)
# and batch Jobs (`twinsolve run`). Three stages on Debian 12: the C++ build, the web viewer's
# bundle (Node.js 18.19+, so Debian 12's nodejs would do too), and a runtime with only the shared
# libraries the binary links. Build: docker build -t twinsolve:dev .   (docs/deploy.md)

# ---- build: the Release binary -------------------------------------------------------------
FROM debian:bookworm-slim AS build
# The build subset of scripts/setup (no test tools, browser or redis-server).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config git ca-certificates \
      libboost-dev libtbb-dev libhdf5-dev libhiredis-dev libeigen3-dev libgdal-dev \
      nlohmann-json3-dev libcli11-dev libssl-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
# The nitrogen solver's shipped tables are installed beside the binary and found through
# TWINSOLVE_NITROGEN_DATA (set in the runtime stage; solvers/include/twin/solvers/nitrogen/data_files.hpp).
WORKDIR /src
COPY . .
RUN cmake -S . -B /tmp/build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTWIN_WERROR=ON \
      -DTWIN_BUILD_TESTS=OFF \
 && cmake --build /tmp/build --target twinsolve \
 && install -D -m 0755 /tmp/build/server/twinsolve /out/usr/local/bin/twinsolve \
 && install -d /out/usr/local/share/twinsolve \
 && cp -r solvers/nitrogen/data /out/usr/local/share/twinsolve/nitrogen

# ---- web: the viewer served at /viewer/ ------------------------------------------------------
FROM node:20-bookworm-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/ ./
RUN npm run build -- --logLevel warn

# ---- runtime ---------------------------------------------------------------------------------
FROM debian:bookworm-slim
# The packages of the libraries `readelf -d twinsolve` lists as NEEDED (libc, libm, libgcc_s
# come with the base image); GDAL pulls in PROJ and its EPSG database.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libstdc++6 libtbb12 libhdf5-103-1 libhdf5-hl-100 libgdal32 libhiredis0.14 libssl3 zlib1g \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ /
# `serve` finds the viewer at <binary>/../share/twinsolve/web (server/src/cli/web_root.cpp).
COPY --from=web /web/dist/ /usr/local/share/twinsolve/web/
RUN groupadd --system --gid 10001 twinsolve \
 && useradd --system --uid 10001 --gid twinsolve --home-dir /data --no-create-home twinsolve \
 && install -d -o twinsolve -g twinsolve /data \
 && twinsolve --version
ENV TWINSOLVE_DATA_DIR=/data \
    TWINSOLVE_NITROGEN_DATA=/usr/local/share/twinsolve/nitrogen
WORKDIR /data
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["twinsolve"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
