// Vocabulary.h — the kinds Lepton resolves by name (layers, losses, envs, …) and their spellings.
#ifndef LEPTON_FRONTEND_VOCABULARY_H
#define LEPTON_FRONTEND_VOCABULARY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <vector>

namespace lepton {

enum class ElementType { F32 };
enum class SourceKind { Idx, Csv, Npy, Split, Extern };
enum class TransformKind {
  Scale, Normalize, Standardize, MinMax, Flatten, Reshape, Clip, FillMissing, DropMissing, OneHot
};
enum class AugmentationKind { RandomShift, RandomCrop, RandomFlip, GaussianNoise };
enum class LayerKind {
  Dense, Conv2D, MaxPool2D, AvgPool2D, Flatten, Dropout, BatchNorm, Reshape,
  Relu, Sigmoid, Tanh, LeakyRelu, Softmax ///< activations used as layers of their own
};
enum class Activation { Linear, Relu, Sigmoid, Tanh, LeakyRelu, Softmax };
enum class Initializer { Default, He, Glorot, Zeros };
enum class RegularizerKind { None, L1, L2 };
enum class Padding { Valid, Same };
enum class FlipDirection { Horizontal, Vertical, Both };
enum class FillMode { Mean, Zero, Value };
enum class LossKind { CrossEntropy, Mse, Huber, BinaryCrossEntropy };
enum class OptimizerKind { Sgd, Adam, AdamW, RmsProp };
enum class ScheduleKind { Constant, Step, Cosine };
enum class MetricKind { Accuracy, Loss, Mae, Mse };
enum class EnvKind { CartPole, MountainCar, Acrobot, FrozenLake, Taxi, Extern };
enum class AgentKind { QTable, Sarsa, Dqn };
enum class EpsilonKind { Constant, Linear, Exponential };
enum class StopMetric { MeanReturn };
enum class CompareOp { Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual };
enum class TargetKind { Cpu, AArch64 };
enum class Isa { Generic, Native, Avx2, Avx512, Neon, Sve };
enum class DenormalMode { Flush, Keep };

/// One spelling of an enumerator.
template <typename E> struct VocabularyEntry {
  const char *name;
  E value;
};

/// All spellings of `E`, in the order documentation lists them. Specialised in Vocabulary.cpp
/// for every enum above.
template <typename E> llvm::ArrayRef<VocabularyEntry<E>> vocabulary();

/// The enumerator spelt `name`, if any.
template <typename E> std::optional<E> lookupName(llvm::StringRef name) {
  for (const VocabularyEntry<E> &entry : vocabulary<E>())
    if (name == entry.name)
      return entry.value;
  return std::nullopt;
}

/// The spelling of `value` ("dense", "cross_entropy", …).
template <typename E> llvm::StringRef nameOf(E value) {
  for (const VocabularyEntry<E> &entry : vocabulary<E>())
    if (entry.value == value)
      return entry.name;
  return "?";
}

/// Every spelling of `E`, for "did you mean" and "expected one of".
template <typename E> std::vector<llvm::StringRef> allNames() {
  std::vector<llvm::StringRef> names;
  for (const VocabularyEntry<E> &entry : vocabulary<E>())
    names.push_back(entry.name);
  return names;
}

/// "'a', 'b' or 'c'" for messages.
std::string joinChoices(llvm::ArrayRef<llvm::StringRef> names);

#define LEPTON_DECLARE_VOCABULARY(E) template <> llvm::ArrayRef<VocabularyEntry<E>> vocabulary<E>();
LEPTON_DECLARE_VOCABULARY(ElementType)
LEPTON_DECLARE_VOCABULARY(SourceKind)
LEPTON_DECLARE_VOCABULARY(TransformKind)
LEPTON_DECLARE_VOCABULARY(AugmentationKind)
LEPTON_DECLARE_VOCABULARY(LayerKind)
LEPTON_DECLARE_VOCABULARY(Activation)
LEPTON_DECLARE_VOCABULARY(Initializer)
LEPTON_DECLARE_VOCABULARY(RegularizerKind)
LEPTON_DECLARE_VOCABULARY(Padding)
LEPTON_DECLARE_VOCABULARY(FlipDirection)
LEPTON_DECLARE_VOCABULARY(FillMode)
LEPTON_DECLARE_VOCABULARY(LossKind)
LEPTON_DECLARE_VOCABULARY(OptimizerKind)
LEPTON_DECLARE_VOCABULARY(ScheduleKind)
LEPTON_DECLARE_VOCABULARY(MetricKind)
LEPTON_DECLARE_VOCABULARY(EnvKind)
LEPTON_DECLARE_VOCABULARY(AgentKind)
LEPTON_DECLARE_VOCABULARY(EpsilonKind)
LEPTON_DECLARE_VOCABULARY(StopMetric)
LEPTON_DECLARE_VOCABULARY(CompareOp)
LEPTON_DECLARE_VOCABULARY(TargetKind)
LEPTON_DECLARE_VOCABULARY(Isa)
LEPTON_DECLARE_VOCABULARY(DenormalMode)
#undef LEPTON_DECLARE_VOCABULARY

} // namespace lepton

#endif // LEPTON_FRONTEND_VOCABULARY_H
