"""Response models of the HTTP API (the OpenAPI schema is generated from them).

Models derive from ``Open`` (extra fields allowed) where the domain code may add fields: the
schema names the fields a client can rely on, and a new field does not break the contract.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.errors import ErrorBody, ErrorResponse

__all__ = ["ErrorBody", "ErrorResponse"]


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    generation: str | None = None
    backend: str = Field(examples=["networkx"])
    statutes: int = 0
    provisions: int = 0
    items: int = 0
    loading: str | None = Field(default=None, description="正在后台载入的新数据版本（载入完成前仍服务旧版本）")
    load_error: str | None = Field(default=None, description="最近一次载入新数据版本失败的原因（仍服务旧版本）")
    divisions: str | None = Field(default=None, description="地区识别所用行政区划的版次（代码表及其后已核对的变更）")


class HitItem(Open):
    item_key: str
    code: str | None = None
    name: str
    role: str | None = None
    townships: list[str] = []


class Hit(Open):
    provision_id: str = Field(examples=["城乡规划法@2019-04-23/art_64"])
    kind: str = Field(examples=["provision"])
    statute_title: str = Field(examples=["中华人民共和国城乡规划法"])
    article: str = Field(examples=["第六十四条"])
    version: str | None = Field(default=None, examples=["2019-04-23"])
    level: str | None = Field(default=None, examples=["法律"])
    region: str | None = None
    score: float
    snippet: str | None = None
    text: str | None = None
    is_penalty: bool = False
    violated: list[str] = []
    penalized_by: list[str] = []
    items: list[HitItem] = []
    items_other_regions: int = Field(default=0, description="其他地区目录中引用本条的事项数（未列出）")
    status: str | None = Field(default=None, examples=["现行有效"], description="现行有效 | 已修改 | 已废止 | 尚未生效")
    valid_from: str | None = Field(default=None, description="所示版本自何日施行")
    valid_to: str | None = Field(default=None, description="所示版本至何日止")
    status_basis: str = Field(default="", description="决定时效性的原文")
    status_note: str = Field(default="", description="如所示文本不是该日施行的文本，在此说明")


class SearchResponse(Open):
    query: str = Field(examples=["在人行道上摆摊设点"])
    hits: list[Hit]
    groups: list[Open] = []
    suggestions: list[str] = []
    message: str | None = None
    interpreted: dict[str, Any] = {}


class StatuteSummary(Open):
    key: str = Field(examples=["城乡规划法"])
    title: str = Field(examples=["中华人民共和国城乡规划法"])
    level: str = Field(examples=["法律"])
    region: str | None = None


class StatuteList(Open):
    total: int
    statutes: list[StatuteSummary]


class StatuteDetail(Open):
    key: str
    title: str
    level: str
    region: str | None
    aliases: list[str]
    versions: list[Open]


class ProvisionDetail(Open):
    provision_id: str = Field(examples=["城乡规划法@2019-04-23/art_64"])
    statute: dict[str, Any]
    article: str
    label: str
    version: str | None
    valid_from: str | None = Field(description="该版本自何日施行（本版本自己的施行日期，非公布日期）")
    valid_to: str | None = Field(description="该版本至何日止（被修改或废止之日）")
    status: str | None = Field(default=None, examples=["现行有效"], description="现行有效 | 已修改 | 已废止 | 尚未生效")
    status_basis: str = Field(default="", description="决定时效性的原文（题注、附则或废止条文）")
    in_force_on: bool | None
    text: str
    sanctions: list[Open]
    cites: list[str]
    cited_by: list[str]
    violated: list[Open | None]
    penalized_by: list[Open | None]
    items: list[Open]


class AuthorityAnswer(Open):
    verdict: str = Field(examples=["holds_within_scope"], description="holds | holds_within_scope | does_not_hold | ambiguous | unknown")
    source: str | None = Field(examples=["赋权"], description="法定 | 赋权 | 委托 | null")
    township: dict[str, Any]
    date: str
    message: str | None = None
    evidence: list[Open]


class ItemSummary(Open):
    key: str = Field(examples=["柯政发〔2022〕示例1号#KC-GH-001"])
    code: str | None = Field(default=None, examples=["KC-GH-001"])
    name: str = Field(examples=["对未取得建设工程规划许可证进行建设的行政处罚"])
    power_type: str | None = Field(default=None, examples=["行政处罚"])
    domain: str | None = None
    department: str | None = None
    catalog_key: str | None = None
    scope_note: str | None = None


class ItemList(Open):
    total: int
    items: list[ItemSummary]


class ItemDetail(ItemSummary):
    basis_text: str | None = None
    source: dict[str, Any] | None = None
    basis: list[Open] = []
    holdings: list[Open] = []


class TownshipSummary(Open):
    key: str = Field(examples=["航埠镇"])
    name: str = Field(examples=["航埠镇"])
    region: str | None = Field(default=None, examples=["浙江省衢州市柯城区"])
    items: int = 0


class TownshipItems(Open):
    township: dict[str, Any]
    date: str | None = None
    total: int
    items: list[ItemSummary]


class DepartmentSummary(Open):
    key: str
    name: str
    region: str | None = None
    items: int = 0


class CatalogSummary(Open):
    key: str = Field(examples=["柯政发〔2022〕示例1号"])
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    region: str | None = None
    source: str | None = None
    items: int = 0


class CatalogDetail(Open):
    key: str
    title: str | None = None
    report: dict[str, Any] | None = Field(default=None, description="导入报告（英文键）")
    labels: dict[str, dict[str, str]] | None = Field(default=None, description="导入报告的中文标签（同 /jobs/{id}）")


class Report(Open):
    """One planning report: the findings table, extra sections and the filters it was run with."""

    name: str = Field(examples=["gaps"])
    title: str = Field(examples=["赋权事项缺口"])
    filters: dict[str, Any]
    summary: dict[str, Any] = {}
    findings: list[dict[str, Any]] = Field(default=[], description="主表；每行有 category 与 category_label")
    sections: dict[str, list[dict[str, Any]]] = {}
    message: str | None = Field(default=None, description="结果为空时的说明")
    notes: list[str] = []


class AuditEntry(Open):
    """One change of the data directory (``kind`` "unreadable" for a line cut short by a crash)."""

    kind: str = Field(examples=["ingest_catalog"], description="ingest_laws | ingest_catalog | rollback | unreadable")
    time: str | None = Field(default=None, examples=["2026-12-07T03:00:00Z"])
    actor: str | None = Field(default=None, examples=["alice"], description="令牌名称（HTTP）或系统用户（CLI）")
    files: list[dict[str, Any]] = []
    counts: dict[str, Any] = {}
    generation_before: str | None = None
    generation_after: str | None = None
    line: int | None = Field(default=None, description="无法解析的记录所在行")


JobStatus = Literal["queued", "running", "done", "failed"]


class Job(BaseModel):
    id: str = Field(examples=["3f2a9c0d8e7b4a6f9c1d2e3f4a5b6c7d"])
    kind: str = Field(examples=["catalog"], description="catalog：导入赋权目录")
    status: JobStatus = Field(description="queued 排队中 | running 导入中 | done 已完成 | failed 失败")
    file: str = Field(examples=["kecheng_2022.xlsx"])
    actor: str = Field(examples=["alice"], description="上传所用令牌的名称")
    created: str
    started: str | None = None
    finished: str | None = None
    position: int | None = Field(default=None, description="排队位置（0 表示下一个）")
    message: str = Field(examples=["已导入目录「柯城区赋权事项目录」：读取 30 行，29 个事项；法律依据引用 58 处，解析到条文 56 处"],
                         description="中文说明")
    error: ErrorBody | None = Field(default=None, description="失败时的中文说明")
    report: dict[str, Any] | None = Field(default=None, description="完成时的导入报告（英文键）")
    labels: dict[str, dict[str, str]] | None = Field(
        default=None, description="导入报告的中文标签：fields 各项、resolution 各解析状态、diagnostic 问题各栏、severity 级别",
        examples=[{"fields": {"rows_read": "读取行数"}, "resolution": {"resolved": "已解析"},
                   "diagnostic": {"row": "行"}, "severity": {"error": "错误"}}])
