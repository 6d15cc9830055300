// LeptonOps.td — all ops of the `lepton` dialect, one family per included file.
#ifndef LEPTON_OPS_TD
#define LEPTON_OPS_TD

include "ir/LeptonLayerOps.td"
include "ir/LeptonWindowOps.td"
include "ir/LeptonNormOps.td"
include "ir/LeptonActivationOps.td"
include "ir/LeptonLossOps.td"
include "ir/LeptonOptimizerOps.td"
include "ir/LeptonAutodiffOps.td"
include "ir/LeptonQuantOps.td"

#endif // LEPTON_OPS_TD
