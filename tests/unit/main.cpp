// The Catch2 entry point, alone in its file so the test sources recompile fast.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
