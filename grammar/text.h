// Text helpers shared by the miner and the recogniser: an umbrella for the UTF-8 codec and case
// folding (utf8.h), the sentence splitter (sentences.h) and the prose mask (markup.h).
#pragma once
#include "grammar/markup.h"
#include "grammar/sentences.h"
#include "grammar/types.h"
#include "grammar/utf8.h"
