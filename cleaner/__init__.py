"""cleaner: turn messy scraped news into clean article JSON, and explain every line it removed.

    >>> import cleaner
    >>> article = cleaner.normalize(open("fixtures/seeds/000_ebe8a76670cae309.txt").read())
    >>> article.title
    'Gates, Serdyukov Renew U.S.-Russia Military Ties'
"""

__version__ = "0.1.0"

from cleaner.article import Article, Fix, Removal
from cleaner.batch import normalize_batch
from cleaner.config import Config
from cleaner.document import RejectedDocument
from cleaner.errors import CleanerError, RuleError
from cleaner.guard import RuleTimeout
from cleaner.pipeline import normalize
from cleaner.repair import repair
from cleaner.rulebook import RuleBook, load_rulebook

__all__ = ["Article", "CleanerError", "Config", "Fix", "Removal", "RejectedDocument", "RuleBook", "RuleError",
           "RuleTimeout", "load_rulebook", "normalize", "normalize_batch", "repair", "__version__"]
