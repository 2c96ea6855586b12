// The version string, kept in the knowledge library so every binary reports the same one.
namespace accord {
const char* version() {
  return ACCORD_VERSION;
}
} // namespace accord
