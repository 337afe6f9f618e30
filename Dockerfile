# syntax=docker/dockerfile:1
#
# Parley in a container. Three stages: the Maven wrapper builds target/parley.jar on a Temurin
# JDK; jlink cuts that JDK down to the modules the jar uses; the image runs the jar on that
# runtime, on Debian slim, as an unprivileged user.
#
#   docker build -t parley .
#   docker run -d --name parley --network host --restart unless-stopped --stop-timeout 330 \
#       -v parley-data:/data parley --turn-public-address 203.0.113.5
#
# Host networking is the plain way to run a TURN relay: it needs its whole UDP port range
# reachable, and `-p 49152-65535:49152-65535/udp` would make Docker set up one proxy per port.
# Without it, narrow the range and publish exactly that:
#   docker run -d --restart unless-stopped --stop-timeout 330 -p 8080:8080 -p 3478:3478/udp \
#       -p 3478:3478/tcp -p 50000-50199:50000-50199/udp -v parley-data:/data parley \
#       --turn-relay-ports 50000-50199 --turn-public-address 203.0.113.5
# `--stop-timeout 330`: SIGTERM drains calls for up to --drain-timeout (5m) before exiting;
# Docker's default of 10 s would cut them off.
# `--restart unless-stopped`: an image cannot carry a restart policy, so the run command gives it.
# A process that ran out of heap exits (-XX:+ExitOnOutOfMemoryError in deploy/jvm.options) and
# Docker starts it again, as it does after a reboot; after `docker stop` (which drains) it stays
# stopped.
#
# This file is not built by the project's tests (they run where there is no Docker). What can be
# checked without Docker is: ops/ContainerImageIT reads this file (jar name, ports against the
# defaults, user, volume, health probe, a restart policy in the run commands above), runs the
# same jlink command with the local JDK and starts the packaged jar on the resulting runtime.

ARG JAVA_VERSION=25

FROM eclipse-temurin:${JAVA_VERSION}-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
# The Maven repository is a cache mount: rebuilding after a source change downloads nothing.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package && cp target/parley.jar /parley.jar

FROM eclipse-temurin:${JAVA_VERSION}-jdk AS jre
# The modules `jdeps --ignore-missing-deps --multi-release 25 --print-module-deps parley.jar`
# prints (ContainerImageIT checks that this list covers them): java.base; java.desktop
# (java.beans, for Jackson and Kotlin reflection); java.naming, java.sql (Logback, Jackson,
# BouncyCastle, Jetty); java.net.http (acme4j's HTTP client, for automatic certificates);
# jdk.management (the JVM meters of /metrics); jdk.net (socket options); jdk.unsupported
# (sun.misc.Signal for the SIGTERM drain, and Jetty/Kotlin). TLS (EC and RSA keys) lives in
# java.base since JDK 22.
RUN jlink --add-modules java.base,java.desktop,java.naming,java.net.http,java.sql,jdk.management,jdk.net,jdk.unsupported \
      --strip-debug --no-man-pages --no-header-files --compress=zip-6 --output /jre

FROM debian:bookworm-slim
ENV JAVA_HOME=/opt/java
ENV PATH=/opt/java/bin:$PATH
COPY --from=jre /jre /opt/java
RUN groupadd --system --gid 10001 parley \
 && useradd --system --uid 10001 --gid parley --home-dir /data --no-create-home --shell /usr/sbin/nologin parley \
 && mkdir -p /data && chown parley:parley /data
COPY --from=build /parley.jar /app/parley.jar
COPY deploy/jvm.options /app/jvm.options
# The defaults, spelled out: the health probe reads PARLEY_PORT, so change the port here, not by flag.
ENV PARLEY_PORT=8080 \
    PARLEY_TURN_PORT=3478 \
    PARLEY_TURN_RELAY_PORTS=49152-65535 \
    PARLEY_DATA_DIR=/data
# The generated server secret lives here: keep the volume and standing room links survive upgrades.
VOLUME ["/data"]
WORKDIR /data
USER 10001:10001
# HTTP (app, /ws, /healthz, /readyz, /metrics); STUN/TURN on UDP and TCP; relayed traffic.
# TURN over TLS (--tls-cert/--tls-key) adds 5349/tcp (--turn-tls-port): publish it when you turn it on.
EXPOSE 8080/tcp 3478/udp 3478/tcp 49152-65535/udp
# No curl or wget in this image: a class of the jar asks /readyz (200 once listening and the TURN
# self-test passed, 503 while draining) and exits 0 or 1.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["java", "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", "/app/parley.jar", "org.parley.web.HealthProbe", "/readyz"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/parley.jar"]
