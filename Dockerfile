# The Tempered image: one image for workers (any queue) and the dashboard; the command picks the role.
#   docker build -t tempered .
#   docker run --rm tempered --help
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so source edits do not re-download them (DJL's libtorch jar is large). Every
# module's pom is needed: the parent lists them all, and Maven refuses a reactor with one missing.
# excludeReactor: our own modules are built below, not downloaded.
COPY pom.xml ./
COPY migrations/pom.xml migrations/
COPY embedded/pom.xml embedded/
COPY storage/pom.xml storage/
COPY workflows/pom.xml workflows/
COPY activities/pom.xml activities/
COPY web-ui/pom.xml web-ui/
COPY app/pom.xml app/
COPY bench/pom.xml bench/
RUN mvn -B -q dependency:go-offline -DexcludeReactor=true
COPY . .
# Formatting and Error Prone are CI's checks, not an image build's.
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true -Derrorprone.skip install

FROM eclipse-temurin:17-jre
# libgomp: libtorch's OpenMP runtime.
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 tempered
WORKDIR /opt/tempered
COPY --from=build /src/app/target/tempered-app-0.1.0-SNAPSHOT.jar app/target/
COPY --from=build /src/app/target/lib app/target/lib
COPY --from=build /src/examples examples
USER tempered
# libtorch's idle OpenMP threads spin by default and starve other work on the same cores.
ENV OMP_WAIT_POLICY=PASSIVE TEMPERED_DATA_DIR=/home/tempered/.tempered
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-cp", "app/target/tempered-app-0.1.0-SNAPSHOT.jar:app/target/lib/*", "dev.tempered.app.Main"]
CMD ["--help"]
