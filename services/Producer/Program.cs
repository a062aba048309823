using Producer.Commands;

return await ProducerCommandLine.Build().Parse(args).InvokeAsync();
