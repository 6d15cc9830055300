// Vocabulary.cpp — the spelling tables of every name-resolved kind.
#include "frontend/Vocabulary.h"

using namespace lepton;

#define LEPTON_VOCABULARY(E, ...)                                                            \
  template <> llvm::ArrayRef<VocabularyEntry<E>> lepton::vocabulary<E>() {                 \
    static const VocabularyEntry<E> entries[] = {__VA_ARGS__};                               \
    return entries;                                                                          \
  }

LEPTON_VOCABULARY(ElementType, {"f32", ElementType::F32})
LEPTON_VOCABULARY(SourceKind, {"idx", SourceKind::Idx}, {"csv", SourceKind::Csv},
                  {"npy", SourceKind::Npy}, {"split", SourceKind::Split})
LEPTON_VOCABULARY(TransformKind, {"scale", TransformKind::Scale},
                  {"normalize", TransformKind::Normalize},
                  {"standardize", TransformKind::Standardize}, {"min_max", TransformKind::MinMax},
                  {"flatten", TransformKind::Flatten}, {"reshape", TransformKind::Reshape},
                  {"clip", TransformKind::Clip}, {"fill_missing", TransformKind::FillMissing},
                  {"drop_missing", TransformKind::DropMissing}, {"one_hot", TransformKind::OneHot})
LEPTON_VOCABULARY(AugmentationKind, {"random_shift", AugmentationKind::RandomShift},
                  {"random_crop", AugmentationKind::RandomCrop},
                  {"random_flip", AugmentationKind::RandomFlip},
                  {"gaussian_noise", AugmentationKind::GaussianNoise})
LEPTON_VOCABULARY(LayerKind, {"dense", LayerKind::Dense}, {"conv2d", LayerKind::Conv2D},
                  {"maxpool2d", LayerKind::MaxPool2D}, {"avgpool2d", LayerKind::AvgPool2D},
                  {"flatten", LayerKind::Flatten}, {"dropout", LayerKind::Dropout},
                  {"batchnorm", LayerKind::BatchNorm}, {"reshape", LayerKind::Reshape},
                  {"relu", LayerKind::Relu}, {"sigmoid", LayerKind::Sigmoid},
                  {"tanh", LayerKind::Tanh}, {"leaky_relu", LayerKind::LeakyRelu},
                  {"softmax", LayerKind::Softmax})
LEPTON_VOCABULARY(Activation, {"linear", Activation::Linear}, {"relu", Activation::Relu},
                  {"sigmoid", Activation::Sigmoid}, {"tanh", Activation::Tanh},
                  {"leaky_relu", Activation::LeakyRelu}, {"softmax", Activation::Softmax})
LEPTON_VOCABULARY(Initializer, {"default", Initializer::Default}, {"he", Initializer::He},
                  {"glorot", Initializer::Glorot}, {"zeros", Initializer::Zeros})
LEPTON_VOCABULARY(RegularizerKind, {"none", RegularizerKind::None}, {"l1", RegularizerKind::L1},
                  {"l2", RegularizerKind::L2})
LEPTON_VOCABULARY(Padding, {"valid", Padding::Valid}, {"same", Padding::Same})
LEPTON_VOCABULARY(FlipDirection, {"horizontal", FlipDirection::Horizontal},
                  {"vertical", FlipDirection::Vertical}, {"both", FlipDirection::Both})
LEPTON_VOCABULARY(FillMode, {"mean", FillMode::Mean}, {"zero", FillMode::Zero},
                  {"value", FillMode::Value})
LEPTON_VOCABULARY(LossKind, {"cross_entropy", LossKind::CrossEntropy}, {"mse", LossKind::Mse},
                  {"huber", LossKind::Huber},
                  {"binary_cross_entropy", LossKind::BinaryCrossEntropy})
LEPTON_VOCABULARY(OptimizerKind, {"sgd", OptimizerKind::Sgd}, {"adam", OptimizerKind::Adam},
                  {"adamw", OptimizerKind::AdamW}, {"rmsprop", OptimizerKind::RmsProp})
LEPTON_VOCABULARY(ScheduleKind, {"constant", ScheduleKind::Constant},
                  {"step", ScheduleKind::Step}, {"cosine", ScheduleKind::Cosine})
LEPTON_VOCABULARY(MetricKind, {"accuracy", MetricKind::Accuracy}, {"loss", MetricKind::Loss},
                  {"mae", MetricKind::Mae}, {"mse", MetricKind::Mse})
LEPTON_VOCABULARY(EnvKind, {"cartpole", EnvKind::CartPole},
                  {"mountain_car", EnvKind::MountainCar}, {"acrobot", EnvKind::Acrobot},
                  {"frozen_lake", EnvKind::FrozenLake}, {"taxi", EnvKind::Taxi})
LEPTON_VOCABULARY(AgentKind, {"q_table", AgentKind::QTable}, {"sarsa", AgentKind::Sarsa},
                  {"dqn", AgentKind::Dqn})
LEPTON_VOCABULARY(EpsilonKind, {"constant", EpsilonKind::Constant},
                  {"linear", EpsilonKind::Linear}, {"exponential", EpsilonKind::Exponential})
LEPTON_VOCABULARY(StopMetric, {"mean_return", StopMetric::MeanReturn})
LEPTON_VOCABULARY(CompareOp, {"<", CompareOp::Less}, {"<=", CompareOp::LessEqual},
                  {">", CompareOp::Greater}, {">=", CompareOp::GreaterEqual},
                  {"==", CompareOp::Equal}, {"!=", CompareOp::NotEqual})
LEPTON_VOCABULARY(TargetKind, {"cpu", TargetKind::Cpu}, {"aarch64", TargetKind::AArch64})
LEPTON_VOCABULARY(Isa, {"generic", Isa::Generic}, {"native", Isa::Native}, {"avx2", Isa::Avx2},
                  {"avx512", Isa::Avx512}, {"neon", Isa::Neon}, {"sve", Isa::Sve})
LEPTON_VOCABULARY(DenormalMode, {"flush", DenormalMode::Flush}, {"keep", DenormalMode::Keep})

std::string lepton::joinChoices(llvm::ArrayRef<llvm::StringRef> names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      out += i + 1 == names.size() ? " or " : ", ";
    out += "'" + names[i].str() + "'";
  }
  return out;
}
