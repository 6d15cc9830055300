// interrupt.h — SIGINT in a compiled program: a clean line end, no half-written output file, exit 130.
#ifndef LEPTON_RUNTIME_INTERRUPT_H
#define LEPTON_RUNTIME_INTERRUPT_H

namespace lepton::rt {

/// Output files being written register their temporary file here, so that an interrupt removes it (the
/// published file keeps its old content or does not exist). Returns a slot for forgetTemporary, or -1 when
/// all slots are taken (the file is then not removed on an interrupt; there are 8 slots).
int rememberTemporary(const char *path);
void forgetTemporary(int slot);

/// Blocks SIGINT while alive, so that a temporary file cannot be created and left unregistered.
class InterruptsHeld {
public:
  InterruptsHeld();
  ~InterruptsHeld();
  InterruptsHeld(const InterruptsHeld &) = delete;
  InterruptsHeld &operator=(const InterruptsHeld &) = delete;

private:
  bool held_;
  char saved_[128]; // the previous signal mask (sigset_t), kept opaque here
};

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_INTERRUPT_H
