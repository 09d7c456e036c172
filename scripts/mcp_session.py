"""A real MCP client session against `reach mcp` over stdio, for the Swift tests.

Usage: python mcp_session.py stdio REACH_BINARY   (REACH_BASE_URL and REACH_API_KEY in the environment)
       python mcp_session.py http URL             (REACH_API_KEY in the environment)

Runs one scenario with the Python `mcp` package (PyPI, 2.x) and prints a JSON report on stdout; the
Swift test decides what is right. Every input schema is checked as JSON Schema (2020-12).
"""
import asyncio, json, os, sys

import jsonschema
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import create_mcp_http_client, streamable_http_client


def outcome(result):
    text = " ".join(c.text for c in result.content if getattr(c, "type", "") == "text")
    return {"isError": bool(result.is_error), "text": text, "structured": result.structured_content}


def connect(mode, target):
    if mode == "stdio":
        return stdio_client(StdioServerParameters(command=target, args=["mcp"], env=dict(os.environ)))
    http = create_mcp_http_client(headers={"x-api-key": os.environ["REACH_API_KEY"]})
    return streamable_http_client(target, http_client=http)


async def main(mode, target):
    report = {}
    async with connect(mode, target) as streams:
        read, write = streams[0], streams[1]
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            report["server"] = init.server_info.name
            tools = (await session.list_tools()).tools
            report["tools"] = {}
            for tool in tools:
                jsonschema.Draft202012Validator.check_schema(tool.input_schema)
                a = tool.annotations
                report["tools"][tool.name] = {
                    "readOnly": a.read_only_hint if a else None, "destructive": a.destructive_hint if a else None,
                    "required": tool.input_schema.get("required", []), "properties": sorted(tool.input_schema.get("properties", {})),
                    "description": tool.description,
                }

            async def call(name, **arguments):
                return outcome(await session.call_tool(name, arguments))

            created = await call("create_sequence", title="MCP outbound")
            report["create_sequence"] = created
            sequence = created["structured"]["id"]
            step = await call("add_sequence_step", sequenceId=sequence, type="Email", absoluteDays=1,
                              variants=[{"payload": {"subject": "Hi {{First Name}}", "content": "<p>Hello</p>"}}])
            report["add_sequence_step"] = step
            prospects = [{"Email": "ann@mcp.test", "First Name": "Ann"}, {"Email": "ben@mcp.test"}, {"Email": "nope"}]
            report["import_plan"] = await call("import_prospects_to_sequence_step", stepId=step["structured"]["id"], conflictAction="noUpdate",
                                               prospectList=prospects)
            started = await call("import_prospects_to_sequence_step", stepId=step["structured"]["id"], conflictAction="noUpdate",
                                 prospectList=prospects, confirm=True)
            report["import"] = started
            status = None
            for _ in range(600):
                status = await call("check_prospect_import_status", requestId=started["structured"]["requestId"])
                if status["structured"].get("isCompleted"):
                    break
                await asyncio.sleep(0.1)
            report["import_status"] = status
            report["stats"] = await call("get_sequence_stats", sequenceId=sequence)
            report["resume_plan"] = await call("update_sequence_status", sequenceIds=[sequence], status="resume")
            report["delete_plan"] = await call("delete_sequence", sequenceId=sequence)
            report["after_plans"] = await call("list_sequences")
            report["resume_confirmed"] = await call("update_sequence_status", sequenceIds=[sequence], status="resume", confirm=True)
            report["missing_argument"] = await call("get_prospect")
            report["unknown_tool"] = await call("launch_rockets")
            report["wrong_type"] = await call("create_sequence", title=5)
            report["unknown_argument"] = await call("list_fields", colour="red")
            report["delete_confirmed"] = await call("delete_sequence", sequenceId=sequence, confirm=True)
            report["after_delete"] = await call("list_sequences")
            report["events_by_types"] = await call("list_events", type=["prospect-unsubscribed", "email-sent"])
    print(json.dumps(report))


asyncio.run(main(sys.argv[1], sys.argv[2]))
