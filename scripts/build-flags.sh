# Sourced by the scripts: the one set of flags every build uses, so that
# `swift build` and `swift test` share a single release build in .build/.
WHITTLE_BUILD_FLAGS=(-c release -Xswiftc -enable-testing -Xcc -march=x86-64-v3 -Xswiftc -Xcc -Xswiftc -march=x86-64-v3)
