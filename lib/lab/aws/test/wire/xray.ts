/**
 * AWS X-Ray response bodies (restJson1, timestamps as epoch seconds).
 */

/**
 * awscli/examples/xray/get-service-graph.rst: the `Scorekeep` node and its one edge, as
 * printed (the example truncates the other nodes "for brevity", so the edge's target is
 * absent from this page).
 */
export const DOCUMENTED_SERVICE_GRAPH = {
  Services: [
    {
      ReferenceId: 0,
      Name: "Scorekeep",
      Names: ["Scorekeep"],
      Root: true,
      Type: "AWS::ElasticBeanstalk::Environment",
      State: "active",
      StartTime: 1568835392.0,
      EndTime: 1568835446.0,
      Edges: [
        {
          ReferenceId: 1,
          StartTime: 1568835392.0,
          EndTime: 1568835446.0,
          SummaryStatistics: {
            OkCount: 14,
            ErrorStatistics: { ThrottleCount: 0, OtherCount: 0, TotalCount: 0 },
            FaultStatistics: { OtherCount: 0, TotalCount: 0 },
            TotalCount: 14,
            TotalResponseTime: 0.13,
          },
          ResponseTimeHistogram: [
            { Value: 0.008, Count: 1 },
            { Value: 0.005, Count: 7 },
            { Value: 0.009, Count: 1 },
            { Value: 0.021, Count: 1 },
            { Value: 0.038, Count: 1 },
            { Value: 0.007, Count: 1 },
            { Value: 0.006, Count: 2 },
          ],
          Aliases: [],
        },
      ],
    },
  ],
  StartTime: 1568835392.0,
  EndTime: 1568835446.0,
  ContainsOldGroupVersions: false,
};

/**
 * The documented Scorekeep node's downstream as a second page: the node the first page's
 * edge points at, in the same Service shape (X-Ray API reference, Service: SummaryStatistics
 * with OkCount, ErrorStatistics, FaultStatistics, TotalCount, TotalResponseTime).
 */
export const SERVICE_GRAPH_PAGE_2 = {
  Services: [
    {
      ReferenceId: 1,
      Name: "scorekeep-db",
      Names: ["scorekeep-db"],
      Root: false,
      Type: "AWS::DynamoDB::Table",
      State: "active",
      StartTime: 1568835392.0,
      EndTime: 1568835446.0,
      Edges: [],
      SummaryStatistics: {
        OkCount: 12,
        ErrorStatistics: { ThrottleCount: 1, OtherCount: 0, TotalCount: 1 },
        FaultStatistics: { OtherCount: 1, TotalCount: 1 },
        TotalCount: 14,
        TotalResponseTime: 0.112,
      },
    },
  ],
  StartTime: 1568835392.0,
  EndTime: 1568835446.0,
  ContainsOldGroupVersions: false,
};

/**
 * X-Ray API reference, GetTraceSummaries "Response Syntax" (TraceSummaries of Id, StartTime,
 * Duration, ResponseTime, HasFault, HasError, HasThrottle, Http { HttpURL, HttpStatus,
 * HttpMethod }, ServiceIds). The URLs are three of those the CLI example
 * (awscli/examples/xray/get-trace-summaries.rst) lists; that example prints only URLs.
 */
export const TRACE_SUMMARIES = {
  TraceSummaries: [
    {
      Id: "1-5d82b3e0-a9fb6b4a0e5a2ee0e2c8a9e6",
      StartTime: 1568835552.0,
      Duration: 0.052,
      ResponseTime: 0.05,
      HasFault: false,
      HasError: false,
      HasThrottle: false,
      IsPartial: false,
      Http: { HttpURL: "http://scorekeep-env-1.123456789.us-east-2.elasticbeanstalk.com/api/move/VSAE93HF/GSSD2NTB/DP0PCC09", HttpStatus: 200, HttpMethod: "POST" },
      ServiceIds: [{ Name: "Scorekeep", Names: ["Scorekeep"], Type: "AWS::ElasticBeanstalk::Environment" }],
    },
    {
      Id: "1-5d82b3e1-0d5fd1a2c4e5c9a0a7e6f3b2",
      Duration: 1.2,
      ResponseTime: 1.19,
      HasFault: true,
      HasError: false,
      HasThrottle: false,
      IsPartial: false,
      Http: { HttpURL: "http://scorekeep-env-1.123456789.us-east-2.elasticbeanstalk.com/api/move/GCQ2B35P/FREELDFT/4LRE643M", HttpStatus: 502, HttpMethod: "GET" },
      ServiceIds: [{ Name: "Scorekeep" }, { Name: "scorekeep-db", Type: "AWS::DynamoDB::Table" }],
    },
    {
      Id: "1-5d82b3e2-3c8e7a1b9f0d4e6a2b5c7d8e",
      StartTime: 1568835554.0,
      Duration: 0.3,
      ResponseTime: 0.29,
      HasFault: false,
      HasError: true,
      HasThrottle: true,
      IsPartial: false,
      Http: { HttpURL: "http://scorekeep-env-1.123456789.us-east-2.elasticbeanstalk.com/api/game/VSAE93HF/GSSD2NTB/starttime/1568835513", HttpStatus: 429, HttpMethod: "PUT" },
      ServiceIds: [{ Name: "Scorekeep" }],
    },
  ],
  ApproximateTime: 1568835560.0,
  TracesProcessedCount: 3,
};
