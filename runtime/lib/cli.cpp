// cli.cpp — the command-line parser of compiled programs (--epochs N, --seed N, flags, a command word, --help).
#include "internal.h"
#include "notice.h"
#include "run_info.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <new>
#include <string>
#include <vector>

namespace {

enum class Kind { Int, String, Flag };

struct Option {
  std::string name, help, metavar;
  Kind kind;
  int64_t intValue = 0, min = 0, max = 0, intDefault = 0;
  std::string stringValue;
  bool hasString = false; // a string value (default or given) exists
  std::string stringDefault;
  bool hasDefault = false;
  bool given = false;
  std::string scope; // "" any; a command name: only with it; "-": only without a command (training)
  std::string requiredBy; // a command (or "-" for training) that needs this option; "" none
  std::string suffix;     // a file name must end with it (".html": --report writes HTML whatever the name)
};

struct Command {
  std::string name, help;
};

} // namespace

struct lepton_cli {
  std::string summary;
  std::string program = "program";
  std::vector<Option> options;
  std::vector<Command> commands;
  std::string command;
  bool hasCommand = false;
  bool parsed = false;
};

namespace {

using lepton::rt::fail;
using lepton::rt::format;

size_t editDistance(const std::string &a, const std::string &b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

Option *findOption(lepton_cli *cli, const std::string &name) {
  for (Option &o : cli->options)
    if (o.name == name)
      return &o;
  return nullptr;
}

const Option *findOption(const lepton_cli *cli, const char *name, Kind kind, const char *fn) {
  for (const Option &o : cli->options)
    if (name && o.name == name && o.kind == kind)
      return &o;
  fail(LEPTON_ERR_INVALID, "%s: no such option '%s'", fn, name ? name : "(null)");
  return nullptr;
}

/// Checks a new option or command name: non-empty [a-z0-9-], not taken, not "help" or "version".
bool addable(lepton_cli *cli, const char *name, const char *fn) {
  bool ok = cli && !cli->parsed && name && *name && std::strcmp(name, "help") != 0 &&
            std::strcmp(name, "version") != 0;
  for (const char *c = name; ok && *c; ++c)
    ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_';
  if (ok)
    for (const Option &o : cli->options)
      ok = ok && o.name != name;
  if (ok)
    for (const Command &c : cli->commands)
      ok = ok && c.name != name;
  if (!ok)
    fail(LEPTON_ERR_INVALID, "%s: cannot register '%s'", fn, name ? name : "(null)");
  return ok;
}

/// The closest of `names` to what was typed: within 2 edits, else one that starts with it; "" if none.
std::string closestName(const std::string &typed, const std::vector<std::string> &names) {
  std::string best;
  size_t bestDistance = 3;
  for (const std::string &n : names) {
    size_t d = editDistance(typed, n);
    if (d < bestDistance)
      best = n, bestDistance = d;
  }
  for (const std::string &n : names)
    if (best.empty() && typed.size() >= 2 && n.compare(0, typed.size(), typed) == 0)
      best = n;
  return best;
}

/// "unknown option '--x'" plus the closest registered name, if close.
int32_t unknownOption(const lepton_cli *cli, const std::string &arg, const std::string &name) {
  std::vector<std::string> names;
  for (const Option &o : cli->options)
    names.push_back(o.name);
  std::string best = closestName(name, names);
  std::string quotedArg = lepton::rt::quoted(arg.data(), arg.size());
  if (!best.empty())
    return fail(LEPTON_ERR_USAGE, "unknown option %s; did you mean '--%s'? (see --help)", quotedArg.c_str(),
                best.c_str());
  return fail(LEPTON_ERR_USAGE, "unknown option %s (see --help)", quotedArg.c_str());
}

/// "unknown command 'predct'" plus the closest command, if close.
int32_t unknownCommand(const lepton_cli *cli, const std::string &word) {
  std::vector<std::string> names;
  for (const Command &c : cli->commands)
    names.push_back(c.name);
  std::string best = closestName(word, names), shown = lepton::rt::quoted(word.data(), word.size());
  if (!best.empty())
    return fail(LEPTON_ERR_USAGE, "unknown command %s; did you mean '%s'? (see --help)", shown.c_str(), best.c_str());
  return fail(LEPTON_ERR_USAGE, "unknown command %s (see --help)", shown.c_str());
}

/// Parses a whole decimal integer in [min, max].
int32_t parseInt(Option &o, const std::string &text) {
  std::string shown = lepton::rt::quoted(text.data(), text.size());
  const char *s = text.c_str();
  bool digits = *s != 0;
  for (const char *c = (*s == '-' || *s == '+') ? s + 1 : s; digits && *c; ++c)
    digits = *c >= '0' && *c <= '9';
  if (!digits || text == "-" || text == "+")
    return fail(LEPTON_ERR_USAGE, "option '--%s' expects an integer, got %s", o.name.c_str(), shown.c_str());
  errno = 0;
  long long v = std::strtoll(s, nullptr, 10);
  if (errno == ERANGE || v < o.min || v > o.max)
    return fail(LEPTON_ERR_USAGE, "option '--%s' must be between %lld and %lld, got %s", o.name.c_str(),
                static_cast<long long>(o.min), static_cast<long long>(o.max), shown.c_str());
  o.intValue = v;
  return LEPTON_OK;
}

int32_t parseOption(lepton_cli *cli, int32_t argc, char **argv, int32_t &i) {
  std::string arg = argv[i];
  size_t eq = arg.find('=');
  std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
  Option *o = findOption(cli, name);
  if (!o)
    return unknownOption(cli, arg, name);
  o->given = true;
  if (o->kind == Kind::Flag) {
    if (eq != std::string::npos)
      return fail(LEPTON_ERR_USAGE, "option '--%s' takes no value", name.c_str());
    o->intValue = 1;
    return LEPTON_OK;
  }
  std::string value;
  if (eq != std::string::npos) {
    value = arg.substr(eq + 1);
  } else {
    if (i + 1 >= argc || !argv[i + 1] || std::strncmp(argv[i + 1], "--", 2) == 0)
      return fail(LEPTON_ERR_USAGE, "option '--%s' needs a value (%s)", name.c_str(), o->metavar.c_str());
    value = argv[++i];
  }
  if (o->kind == Kind::Int)
    return parseInt(*o, value);
  o->stringValue = value;
  o->hasString = true;
  return LEPTON_OK;
}

/// Restricts a registered option to `scope` (see Option::scope).
void scopeOption(lepton_cli *cli, const char *name, const char *scope, const char *requiredBy = "") {
  if (Option *o = findOption(cli, name))
    o->scope = scope, o->requiredBy = requiredBy;
}

/// After parsing: options given outside their scope, required ones missing, file names of the wrong kind.
int32_t checkScopes(const lepton_cli *cli) {
  const std::string command = cli->hasCommand ? cli->command : "-";
  for (const Option &o : cli->options) {
    const std::string &v = o.stringValue;
    if (o.given && !o.suffix.empty() && !(v.size() > o.suffix.size() &&
                                          v.compare(v.size() - o.suffix.size(), o.suffix.size(), o.suffix) == 0))
      return fail(LEPTON_ERR_USAGE, "option '--%s' writes %s: give a file name ending in %s, not %s",
                  o.name.c_str(), o.suffix == ".html" ? "an HTML page" : "a file", o.suffix.c_str(),
                  lepton::rt::quoted(v.data(), v.size(), 1000).c_str());
    bool applies = o.scope.empty() || o.scope == command;
    if (o.given && !applies) {
      if (o.scope == "-")
        return fail(LEPTON_ERR_USAGE, "option '--%s' is not used by the '%s' command (see --help)", o.name.c_str(),
                    command.c_str());
      return fail(LEPTON_ERR_USAGE, "option '--%s' is only for the '%s' command (see --help)", o.name.c_str(),
                  o.scope.c_str());
    }
    if (o.requiredBy == command && !o.given)
      return fail(LEPTON_ERR_USAGE, "the '%s' command needs --%s %s (see --help)", command.c_str(), o.name.c_str(),
                  o.metavar.c_str());
  }
  return LEPTON_OK;
}

/// Files written are announced on stdout; on stderr when stdout carries data (--json -, predict's --output -);
/// not at all with --quiet.
void chooseNoticeStream(const lepton_cli *cli) {
  auto given = [&](const char *name) {
    for (const Option &o : cli->options)
      if (o.name == name && o.given)
        return true;
    return false;
  };
  auto isStdout = [&](const char *name) {
    for (const Option &o : cli->options)
      if (o.name == name && o.kind == Kind::String && o.hasString && o.stringValue == "-")
        return o.scope.empty() || o.scope == (cli->hasCommand ? cli->command : "-");
    return false;
  };
  FILE *out = isStdout("json") || isStdout("output") ? stderr : stdout;
  lepton::rt::setNoticeStream(given("quiet") ? nullptr : out);
}

} // namespace

extern "C" {

lepton_cli *lepton_cli_create(const char *summary) {
  // Every compiled program starts here, so the process-wide memory policy is set here too: a
  // train step allocates the same large temporaries (a convolution's patches: megabytes) every
  // step; glibc would map and unmap them each time (a page fault per 4 KiB, a third of a CNN's
  // run time), so blocks of any size stay in the heap and freed memory is kept for reuse.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  auto *cli = new (std::nothrow) lepton_cli;
  if (!cli) {
    fail(LEPTON_ERR_NOMEM, "out of memory: cannot create a command-line parser");
    return nullptr;
  }
  cli->summary = summary ? summary : "";
  return cli;
}

void lepton_cli_free(lepton_cli *cli) { delete cli; }

int32_t lepton_cli_add_int(lepton_cli *cli, const char *name, int64_t default_value, int64_t min, int64_t max,
                           const char *help) {
  if (!addable(cli, name, "lepton_cli_add_int"))
    return LEPTON_ERR_INVALID;
  if (min > max || default_value < min || default_value > max)
    return fail(LEPTON_ERR_INVALID, "lepton_cli_add_int: default %lld outside [%lld, %lld]",
                static_cast<long long>(default_value), static_cast<long long>(min), static_cast<long long>(max));
  Option o;
  o.name = name;
  o.help = help ? help : "";
  o.metavar = "N";
  o.kind = Kind::Int;
  o.intValue = o.intDefault = default_value;
  o.min = min;
  o.max = max;
  cli->options.push_back(o);
  return LEPTON_OK;
}

int32_t lepton_cli_add_string(lepton_cli *cli, const char *name, const char *default_value, const char *metavar,
                              const char *help) {
  if (!addable(cli, name, "lepton_cli_add_string"))
    return LEPTON_ERR_INVALID;
  Option o;
  o.name = name;
  o.help = help ? help : "";
  o.metavar = metavar && *metavar ? metavar : "VALUE";
  o.kind = Kind::String;
  o.hasString = o.hasDefault = default_value != nullptr;
  if (default_value)
    o.stringValue = o.stringDefault = default_value;
  cli->options.push_back(o);
  return LEPTON_OK;
}

int32_t lepton_cli_add_flag(lepton_cli *cli, const char *name, const char *help) {
  if (!addable(cli, name, "lepton_cli_add_flag"))
    return LEPTON_ERR_INVALID;
  Option o;
  o.name = name;
  o.help = help ? help : "";
  o.kind = Kind::Flag;
  cli->options.push_back(o);
  return LEPTON_OK;
}

int32_t lepton_cli_add_command(lepton_cli *cli, const char *name, const char *help) {
  if (!addable(cli, name, "lepton_cli_add_command"))
    return LEPTON_ERR_INVALID;
  cli->commands.push_back({name, help ? help : ""});
  return LEPTON_OK;
}

int32_t lepton_cli_add_training_options(lepton_cli *cli, int64_t epochs, int64_t seed) {
  int32_t rc = lepton_cli_add_int(cli, "epochs", epochs, 0, 1000000000, "number of training epochs");
  return rc ? rc : lepton_cli_add_int(cli, "seed", seed, 0, INT64_MAX, "random seed (same seed, same results)");
}

int32_t lepton_cli_add_trainer_options(lepton_cli *cli, int64_t epochs, int64_t seed) {
  struct StringOption {
    const char *name, *metavar, *help, *scope;
  };
  static const StringOption strings[] = {
      {"save", "FILE", "write a checkpoint of the trained model to FILE", "-"},
      {"load", "FILE", "start from (predict: use) the checkpoint FILE", ""},
      {"json", "FILE", "write the run as JSON to FILE (- for standard output)", "-"},
      {"report", "FILE.html", "write an HTML report with curves to FILE.html", "-"},
      {"input", "FILE", "samples to predict (IDX, IDX.gz or CSV without labels)", "predict"},
      {"output", "FILE", "predictions as CSV (- for standard output)", "predict"},
  };
  int32_t rc = lepton_cli_add_training_options(cli, epochs, seed);
  for (const StringOption &o : strings)
    if (rc == LEPTON_OK)
      rc = lepton_cli_add_string(cli, o.name, std::strcmp(o.name, "output") ? nullptr : "-", o.metavar, o.help);
  if (rc == LEPTON_OK)
    rc = lepton_cli_add_flag(cli, "quiet", "print only the results, no per-epoch progress");
  if (rc == LEPTON_OK)
    rc = lepton_cli_add_command(cli, "predict", "predict the class of every --input sample with a --load model");
  if (rc != LEPTON_OK)
    return rc;
  scopeOption(cli, "epochs", "-");
  scopeOption(cli, "seed", "-");
  for (const StringOption &o : strings)
    scopeOption(cli, o.name, o.scope);
  scopeOption(cli, "load", "", "predict");
  scopeOption(cli, "input", "predict", "predict");
  findOption(cli, "report")->suffix = ".html";
  return LEPTON_OK;
}

int32_t lepton_cli_add_agent_options(lepton_cli *cli, int64_t steps, int64_t episodes, int64_t seed,
                                     int64_t play_episodes) {
  int32_t rc = lepton_cli_add_int(cli, "steps", steps, 0, INT64_MAX, "training budget in environment steps (0: none)");
  if (rc == LEPTON_OK)
    rc = lepton_cli_add_int(cli, "episodes", episodes, 0, INT64_MAX,
                            "training budget in episodes (0: none)");
  if (rc == LEPTON_OK)
    rc = lepton_cli_add_int(cli, "seed", seed, 0, INT64_MAX, "random seed (same seed, same results)");
  if (rc == LEPTON_OK)
    rc = lepton_cli_add_int(cli, "play-episodes", play_episodes, 1, INT64_MAX,
                            "greedy episodes run after training and by 'play'");
  struct StringOption {
    const char *name, *metavar, *help, *scope;
  };
  static const StringOption strings[] = {
      {"save", "FILE", "write a checkpoint of the trained agent to FILE", "-"},
      {"load", "FILE", "start from (play: use) the checkpoint FILE", ""},
      {"json", "FILE", "write the run as JSON to FILE (- for standard output)", "-"},
      {"report", "FILE.html", "write an HTML report with the return curve to FILE.html", "-"},
  };
  for (const StringOption &o : strings)
    if (rc == LEPTON_OK)
      rc = lepton_cli_add_string(cli, o.name, nullptr, o.metavar, o.help);
  if (rc == LEPTON_OK)
    rc = lepton_cli_add_flag(cli, "quiet", "print only the results, no progress lines");
  if (rc == LEPTON_OK)
    rc = lepton_cli_add_flag(cli, "ignore-solved", "train the whole budget even after solved_when holds");
  if (rc == LEPTON_OK)
    rc = lepton_cli_add_command(cli, "play", "run --play-episodes greedy episodes of a --load agent, each return printed");
  if (rc != LEPTON_OK)
    return rc;
  scopeOption(cli, "steps", "-");
  scopeOption(cli, "episodes", "-");
  scopeOption(cli, "ignore-solved", "-");
  for (const StringOption &o : strings)
    scopeOption(cli, o.name, o.scope);
  scopeOption(cli, "load", "", "play");
  findOption(cli, "report")->suffix = ".html";
  return LEPTON_OK;
}

int32_t lepton_cli_parse(lepton_cli *cli, int32_t argc, char **argv) {
  if (!cli || cli->parsed || argc < 0 || (argc > 0 && !argv))
    return fail(LEPTON_ERR_INVALID, "lepton_cli_parse: invalid arguments");
  cli->parsed = true;
  lepton::rt::recordCommandLine(argc, argv);
  if (argc > 0 && argv[0] && *argv[0]) {
    const char *slash = std::strrchr(argv[0], '/');
    cli->program = slash ? slash + 1 : argv[0];
  }
  int32_t i = 1;
  if (i < argc && argv[i] && argv[i][0] != '-' && !cli->commands.empty()) {
    for (const Command &c : cli->commands)
      if (c.name == argv[i])
        cli->command = c.name, cli->hasCommand = true;
    if (!cli->hasCommand)
      return unknownCommand(cli, argv[i]);
    ++i;
  }
  for (; i < argc; ++i) {
    if (!argv[i])
      return fail(LEPTON_ERR_INVALID, "lepton_cli_parse: argv[%d] is NULL", i);
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      lepton_cli_print_usage(cli, stdout);
      std::fflush(stdout);
      return LEPTON_CLI_HELP;
    }
    if (arg == "--version") {
      std::printf("%s: compiled by leptonc %s (runtime ABI %d)\n", cli->program.c_str(), lepton::rt::leptoncVersion(),
                  LEPTON_RUNTIME_ABI_VERSION);
      std::fflush(stdout);
      return LEPTON_CLI_HELP;
    }
    if (arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
      if (int32_t rc = parseOption(cli, argc, argv, i))
        return rc;
    } else if (arg.size() > 1 && arg[0] == '-') {
      if (int32_t rc = unknownOption(cli, arg, arg.substr(arg[1] == '-' ? 2 : 1)))
        return rc;
    } else {
      return fail(LEPTON_ERR_USAGE, "unexpected argument %s (see --help)",
                  lepton::rt::quoted(arg.data(), arg.size()).c_str());
    }
  }
  if (int32_t rc = checkScopes(cli))
    return rc;
  chooseNoticeStream(cli);
  return LEPTON_OK;
}

int64_t lepton_cli_int(const lepton_cli *cli, const char *name) {
  const Option *o = cli ? findOption(cli, name, Kind::Int, "lepton_cli_int") : nullptr;
  return o ? o->intValue : INT64_MIN;
}

const char *lepton_cli_string(const lepton_cli *cli, const char *name) {
  const Option *o = cli ? findOption(cli, name, Kind::String, "lepton_cli_string") : nullptr;
  return o && o->hasString ? o->stringValue.c_str() : nullptr;
}

int32_t lepton_cli_flag(const lepton_cli *cli, const char *name) {
  const Option *o = cli ? findOption(cli, name, Kind::Flag, "lepton_cli_flag") : nullptr;
  return o && o->given ? 1 : 0;
}

int32_t lepton_cli_given(const lepton_cli *cli, const char *name) {
  if (cli && name)
    for (const Option &o : cli->options)
      if (o.name == name)
        return o.given ? 1 : 0;
  return 0;
}

int32_t lepton_cli_choice(const lepton_cli *cli, const char *name, const char *choices) {
  if (!cli || !name || !choices)
    return fail(LEPTON_ERR_INVALID, "lepton_cli_choice: invalid arguments"), -1;
  const char *value = lepton_cli_string(cli, name);
  std::string list = choices, shown;
  int32_t index = 0;
  for (size_t start = 0; start <= list.size(); ++index) {
    size_t end = std::min(list.find(',', start), list.size());
    std::string choice = list.substr(start, end - start);
    if (value && choice == value)
      return index;
    shown += (shown.empty() ? "" : ", ") + choice;
    start = end + 1;
  }
  if (!value)
    fail(LEPTON_ERR_USAGE, "--%s is required: one of %s (see --help)", name, shown.c_str());
  else
    fail(LEPTON_ERR_USAGE, "--%s %s is not one of %s", name,
         lepton::rt::quoted(value, std::strlen(value)).c_str(), shown.c_str());
  return -1;
}

const char *lepton_cli_command(const lepton_cli *cli) {
  return cli && cli->hasCommand ? cli->command.c_str() : nullptr;
}

void lepton_cli_print_usage(const lepton_cli *cli, FILE *out) {
  if (!cli || !out)
    return;
  std::fprintf(out, "usage: %s%s [options]\n", cli->program.c_str(), cli->commands.empty() ? "" : " [command]");
  if (!cli->summary.empty())
    std::fprintf(out, "%s\n", cli->summary.c_str());
  if (!cli->commands.empty()) {
    std::fprintf(out, "\ncommands:\n");
    for (const Command &c : cli->commands)
      std::fprintf(out, "  %-20s %s\n", c.name.c_str(), c.help.c_str());
  }
  std::fprintf(out, "\noptions:\n");
  for (const Option &o : cli->options) {
    std::string left = "--" + o.name + (o.kind == Kind::Flag ? "" : " " + o.metavar);
    std::string help = o.help;
    if (o.kind == Kind::Int)
      help += format(" (default %lld)", static_cast<long long>(o.intDefault));
    else if (o.kind == Kind::String && o.hasDefault)
      help += " (default " + o.stringDefault + ")";
    if (!o.scope.empty() && o.scope != "-")
      help += " [" + o.scope + "]";
    std::fprintf(out, "  %-20s %s\n", left.c_str(), help.c_str());
  }
  std::fprintf(out, "  %-20s %s\n", "--version", "print the leptonc version that compiled this program");
  std::fprintf(out, "  %-20s %s\n", "--help", "print this help and exit");
}

} // extern "C"
