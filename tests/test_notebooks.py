"""The analysis notebooks run top to bottom on the example data, and are kept without outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = ["what_is_slipping.ipynb", "how_vague_are_our_milestones.ipynb"]
CELL_TIMEOUT_S = 120


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_stored_without_outputs(name: str) -> None:
    notebook = json.loads((NOTEBOOKS_DIR / name).read_text(encoding="utf-8"))
    code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code_cells, "a notebook with no code"
    for cell in code_cells:
        assert cell["outputs"] == [] and cell["execution_count"] is None, (
            f"{name} has outputs; strip them before committing "
            f"(jupyter nbconvert --clear-output --inplace notebooks/{name})"
        )


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_on_the_example_data_and_draws_its_plot(name: str) -> None:
    nbformat = pytest.importorskip("nbformat", reason="nbformat (dev extra) is not installed")
    nbclient = pytest.importorskip("nbclient", reason="nbclient (dev extra) is not installed")
    pytest.importorskip("ipykernel", reason="ipykernel (dev extra) gives the notebook its kernel")
    pytest.importorskip("matplotlib", reason="matplotlib (dev extra) draws the notebook's plot")

    notebook = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error

    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1, "each notebook draws one plot"
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "0 failed" in printed, "the example papers all read"
    tables = [o for o in outputs if "text/html" in o.get("data", {})]
    assert tables, "the notebook shows its tables"
