"""`python -m tapeviz notebooks [DIR] [--force]`: copies the lessons (tapeviz's teaching
notebooks, shipped inside the package) into DIR (default: ./tapeviz-notebooks)."""
import argparse
import shutil
import sys
from pathlib import Path


def lessons_dir():
    """Where the lessons are: inside an installed wheel, or `notebooks/` of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "lessons", here.parent / "notebooks"):
        if any(candidate.glob("*.ipynb")):
            return candidate
    raise FileNotFoundError(f"tapeviz's lessons are not installed with this copy of tapeviz ({here})")


def copy_lessons(destination, force=False):
    """Copies every lesson notebook into `destination` and returns the copied paths.

    Raises:
      FileExistsError: a notebook of that name is already there (and `force` is False); nothing
        is copied then.
    """
    destination = Path(destination)
    sources = sorted(lessons_dir().glob("*.ipynb"))
    targets = [destination / s.name for s in sources]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise FileExistsError(f"{existing[0]} already exists (use --force to overwrite)")
    destination.mkdir(parents=True, exist_ok=True)
    for source, target in zip(sources, targets):
        shutil.copyfile(source, target)
    return targets


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tapeviz", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    notebooks = commands.add_parser("notebooks", help="copy the lessons into a folder")
    notebooks.add_argument("directory", nargs="?", default="tapeviz-notebooks")
    notebooks.add_argument("--force", action="store_true", help="overwrite notebooks already there")
    args = parser.parse_args(argv)
    try:
        copied = copy_lessons(args.directory, force=args.force)
    except (FileExistsError, FileNotFoundError) as e:
        parser.exit(1, f"tapeviz: {e}\n")
    print(f"Copied {len(copied)} notebooks to {Path(args.directory).resolve()}; open them with "
          f"`jupyter lab {args.directory}`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
