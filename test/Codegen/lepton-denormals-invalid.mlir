// lepton-denormals refuses a lepton.denormals attribute other than "flush" or "keep" (the front end only
// writes "keep"; anything else is a bug upstream of the pass, not a reason to guess).
// Mutation seen failing: any other value treated as "flush".
// RUN: lepton-opt %s --lepton-denormals --verify-diagnostics

// expected-error @+1 {{lepton.denormals must be "flush" or "keep", not "off"}}
module attributes {lepton.denormals = "off"} {
  func.func @f() {
    return
  }
}
