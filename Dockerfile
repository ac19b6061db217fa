# svcsim's container image: the runnable jar on a Java 17 runtime, for running sweeps on a
# Kubernetes cluster (docs/distributed.md). Build it from the repository root:
#
#   docker build -t REGISTRY/svcsim:TAG .
#   docker run --rm REGISTRY/svcsim:TAG --version
#
# The image's entrypoint is svcsim itself: arguments go straight to it. JVM options go in
# JDK_JAVA_OPTIONS (the Job that `svcsim sweep k8s-job` prints sets -XX:MaxRAMPercentage there).

# ---- build: Maven and a JDK, thrown away after the jar is made
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src

# The poms alone first, so the layer of downloaded plugins and dependencies is reused until a
# pom changes. The project's own modules are left out (they are built below, not downloaded).
COPY pom.xml ./
COPY sim-engine/pom.xml sim-engine/
COPY sim-models/pom.xml sim-models/
COPY reports/pom.xml reports/
COPY scenarios/pom.xml scenarios/
COPY benchmarks/pom.xml benchmarks/
RUN mvn -B -ntp -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:go-offline \
        -DexcludeGroupIds=dev.svcsim

# Then the sources; only the command line and the modules it needs are packaged (not the
# benchmarks). The runnable jar is scenarios/target/svcsim.jar.
COPY . .
RUN mvn -B -ntp -q package -DskipTests -pl scenarios -am

# ---- runtime: a Java 17 runtime and the jar, nothing else
FROM eclipse-temurin:17-jre

# A user of its own, not root; the uid matches runAsUser in the Job `svcsim sweep k8s-job`
# prints. /work is its working folder (mount your files there for `docker run`).
RUN groupadd --system --gid 10001 svcsim \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /work \
        --shell /usr/sbin/nologin svcsim \
    && mkdir -p /work /opt/svcsim \
    && chown 10001:10001 /work

COPY --from=build /src/scenarios/target/svcsim.jar /opt/svcsim/svcsim.jar

USER 10001:10001
WORKDIR /work
ENTRYPOINT ["java", "-jar", "/opt/svcsim/svcsim.jar"]
CMD ["--help"]
