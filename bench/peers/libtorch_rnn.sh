#!/usr/bin/env bash
# The libtorch peer of RecurrentTrainingBenchmark: PyTorch 2.7.1's C++ runtime (through DJL),
# whose LSTM and GRU run on oneDNN's RNN primitive. Builds bench/peers/libtorch (a project
# outside the reactor: its native jar is 111 MB) and runs it at one and at two threads.
#   bench/peers/libtorch_rnn.sh            # both thread counts
#   ONEDNN_VERBOSE=1 bench/peers/libtorch_rnn.sh 1 | grep primitive,exec   # which oneDNN kernels ran
set -euo pipefail
here=$(cd "$(dirname "$0")/libtorch" && pwd)
jdk=${DEEPVEC_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA_HOME=$jdk MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow mvn -B -ntp -q -Dstyle.color=never -f "$here/pom.xml" package dependency:build-classpath -Dmdep.outputFile="$here/target/classpath" >/dev/null
for t in ${*:-1 2}; do
  OMP_NUM_THREADS=$t "$jdk/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
    -Dai.djl.pytorch.num_threads="$t" -Dai.djl.pytorch.num_interop_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    -cp "$here/target/classes:$(cat "$here/target/classpath")" deepvec.peers.LibtorchRnnPeer
done
